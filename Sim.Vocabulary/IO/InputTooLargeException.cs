namespace Sim.Vocabulary.IO;

/// <summary>
/// An input file (or stream: a FIFO, a device) holds more than its format's limit. Thrown by
/// <see cref="BoundedFile"/> after reading at most the limit plus one byte, so an endless source such as
/// <c>/dev/zero</c> costs bounded time and memory. An <see cref="IOException"/>, so readers that already turn
/// read failures into one-line format errors handle it the same way.
/// </summary>
public sealed class InputTooLargeException(string path, long limitBytes, string what)
    : IOException($"{path}: larger than {BoundedFile.Describe(limitBytes)}, the limit for {what}; is it the right file?")
{
    /// <summary>The file as the caller named it.</summary>
    public string Path { get; } = path;

    /// <summary>The limit that was exceeded, in bytes.</summary>
    public long LimitBytes { get; } = limitBytes;
}
