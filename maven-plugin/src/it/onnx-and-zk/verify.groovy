def log = new File(basedir, 'build.log').text
assert log.contains('zkmlc: compiling src/main/onnx/tinyonnx.onnx')
assert log.contains('zkmlc: compiling src/main/zk/tinyzk.zk')
assert log.contains('keys from a DEVELOPMENT SRS')
assert log.contains('zkmlc: tinyonnx: src/test/zk-inputs/tinyonnx.json: all constraints hold')
assert log.contains('zkmlc: tinyzk: src/test/zk-inputs/tinyzk/sample.json: proved and verified')
assert log.contains('Tests run: 4, Failures: 0, Errors: 0, Skipped: 0')
assert new File(basedir, 'target/classes/zkmlc/tinyonnx/vk.bin').isFile()
assert new File(basedir, 'target/classes/zkmlc/tinyzk/circuit.json').isFile()
assert !new File(basedir, 'target/classes/zkmlc/tinyzk/pk.bin').exists()
return true
