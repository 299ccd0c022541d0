namespace Sim.Onnx;

/// <summary>
/// An ONNX file cannot be imported: malformed or truncated protobuf, missing external data, an unsupported
/// operator or attribute, inconsistent shapes. The message is one line naming the file, the node (or
/// initializer) and what was expected, fit for the command line (exit code 1).
/// </summary>
public sealed class OnnxImportException(string message) : Exception(message);
