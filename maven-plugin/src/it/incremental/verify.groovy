def log = new File(basedir, 'build.log').text
def compiled = log.lastIndexOf('zkmlc: compiling src/main/zk/dense.zk')
def skipped = log.lastIndexOf('zkmlc: dense is up to date (unchanged model, options and zkmlc version); not recompiled')
// Whether invoker keeps both builds' output or only the last's, the last word on the model is "up to date".
assert skipped >= 0
assert skipped > compiled
assert !log.contains('compiling src/main/zk/layers/util.zk')
assert new File(basedir, 'target/zkmlc/dense/circuit.json').isFile()
assert new File(basedir, 'target/zkmlc/dense/compile.sha256').isFile()
return true
