namespace Sim.Onnx;

/// <summary>
/// An ONNX file cannot be imported: malformed or truncated protobuf, missing external data, an unsupported
/// operator or attribute, inconsistent shapes. The message is one line naming the file, the node (or
/// initializer) and what was expected, fit for the command line (exit code 1).
/// </summary>
/// <remarks>
/// Names taken from the file are quoted as short escaped excerpts where the message is made; the constructor escapes
/// whatever control characters remain, so no file can drive the user's terminal through an error.
/// </remarks>
public sealed class OnnxImportException(string message) : Exception(Sim.Vocabulary.IO.TextExcerpt.Sanitize(message));
