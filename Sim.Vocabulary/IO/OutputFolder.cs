using System.Globalization;

namespace Sim.Vocabulary.IO;

/// <summary>
/// Prepares a folder a command will write into, before any work: it is created and a probe file is written
/// and removed, so an unwritable <c>--out</c> fails in the first second instead of after an hour of training.
/// Staging folders (<c>.staging-PID-*</c>) and temporary files (<c>.NAME.PID.*.tmp</c>, from
/// <see cref="AtomicFile"/>) that a killed run (SIGKILL, out of memory, power loss) left behind are removed when
/// their process no longer runs, so they do not pile up run after run.
/// </summary>
public static class OutputFolder
{
    /// <summary>Creates <paramref name="dir"/>, checks it is writable and removes stale leftovers; returns the number removed.</summary>
    /// <exception cref="IOException">The folder cannot be created or written; the message is one line naming it.</exception>
    public static int Prepare(string dir)
    {
        var probe = Path.Combine(dir, $".satsim-write-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(dir);
            using (var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
                stream.WriteByte(0);
                stream.Flush(flushToDisk: false);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new IOException($"{dir}: cannot write the output folder ({FirstLine(e.Message)}); choose another with --out");
        }
        finally
        {
            try
            {
                File.Delete(probe);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
        return CleanStale(dir);
    }

    /// <summary>Removes staging folders and temporary files of processes that no longer run, in <paramref name="dir"/> and its sub-folders.</summary>
    public static int CleanStale(string dir)
    {
        var removed = 0;
        try
        {
            removed += CleanOne(dir);
            foreach (var sub in Directory.EnumerateDirectories(dir))
            {
                if (!Path.GetFileName(sub).StartsWith('.'))
                {
                    removed += CleanOne(sub);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Cleaning is a courtesy: a folder we cannot list holds nothing we could remove either.
        }
        return removed;
    }

    private static int CleanOne(string dir)
    {
        var removed = 0;
        foreach (var entry in Directory.EnumerateFileSystemEntries(dir, ".*"))
        {
            var name = Path.GetFileName(entry);
            int? pid = null;
            if (name.StartsWith(".staging-", StringComparison.Ordinal) && Directory.Exists(entry))
            {
                pid = ParsePid(name.AsSpan(".staging-".Length), '-');
            }
            else if (name.EndsWith(".tmp", StringComparison.Ordinal) && File.Exists(entry))
            {
                // .NAME.PID.GUID.tmp: the PID is the third part from the end.
                var parts = name.Split('.');
                pid = parts.Length >= 4 ? ParsePid(parts[^3], '\0') : null;
            }
            if (pid is not { } id || IsRunning(id))
            {
                continue;
            }
            try
            {
                if (Directory.Exists(entry))
                {
                    Directory.Delete(entry, recursive: true);
                }
                else
                {
                    File.Delete(entry);
                }
                removed++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
        return removed;
    }

    private static int? ParsePid(ReadOnlySpan<char> text, char end)
    {
        var stop = end == '\0' ? -1 : text.IndexOf(end);
        var digits = stop < 0 ? text : text[..stop];
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : null;
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId)
        {
            return true;
        }
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
