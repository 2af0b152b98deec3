// Invoker appends each build's output to build.log: split it into the three builds.
def builds = new File(basedir, 'build.log').text.split(/\[INFO\] Scanning for projects\.\.\./).findAll { it.contains('zkmlc') }
assert builds.size() == 3
def compiling = 'zkmlc: compiling src/main/zk/dense.zk'
def upToDate = 'zkmlc: dense is up to date (unchanged model, options and zkmlc version); not recompiled'
assert builds[0].contains(compiling)
assert builds[1].contains(upToDate) && !builds[1].contains(compiling)
// Another option is another circuit.
assert builds[2].contains(compiling) && !builds[2].contains(upToDate)
// A .zk file without a model block is a library, never compiled on its own.
assert !builds.any { it.contains('compiling src/main/zk/layers/util.zk') }
assert new File(basedir, 'target/zkmlc/dense/circuit.json').isFile()
assert new File(basedir, 'target/classes').exists() == false
assert new File(basedir, 'target/generated-resources/zkmlc/zkmlc/dense/circuit.json').isFile()
return true
