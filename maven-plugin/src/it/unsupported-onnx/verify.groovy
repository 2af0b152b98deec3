def log = new File(basedir, 'build.log').text
def message = "unsupported.onnx: node 'Hardmax_0' (op Hardmax, opset 13): operator Hardmax is not supported"
// zkmlc's own one-line message, as the command line prints it, logged as the build's error and in its summary.
assert log.contains('[ERROR] ' + message + '\n')
assert log =~ /(?m)^\[ERROR\] Failed to execute goal dev\.zkmlc:zkmlc-maven-plugin:[^:]+:compile .*: \Q${message}\E/
assert log.contains('BUILD FAILURE')
// No stack trace from zkmlc or the plugin.
assert !(log =~ /(?m)^\s+at [a-z]+\./)
return true
