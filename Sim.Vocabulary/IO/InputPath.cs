namespace Sim.Vocabulary.IO;

/// <summary>
/// What is wrong with a path given as an input file, in the words of an error message: a folder named where a
/// file is expected says so (".NET's "could not find file" or "access denied" would send the user looking for a
/// missing or protected file), a missing file says it is not found.
/// </summary>
public static class InputPath
{
    /// <summary>Message for a folder given where a file is expected.</summary>
    public const string IsDirectory = "is a directory, not a file";

    /// <summary>Message for a path that does not exist.</summary>
    public const string NotFound = "file not found";

    /// <summary>Null when <paramref name="path"/> is an existing file (or device); otherwise why it cannot be read as one.</summary>
    public static string? Problem(string path) =>
        Directory.Exists(path) ? IsDirectory : File.Exists(path) ? null : NotFound;
}
