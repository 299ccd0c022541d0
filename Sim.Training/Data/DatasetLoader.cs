namespace Sim.Training.Data;

/// <summary>
/// Finds and loads the supported data sets from a data directory: MNIST and Fashion-MNIST as IDX files,
/// CIFAR-10 and CIFAR-100 in their binary versions. The directory may hold the files directly or in the
/// usual sub-directory (mnist/, fashion-mnist/, cifar-10-batches-bin/, cifar-100-binary/).
/// </summary>
public static class DatasetLoader
{
    public static IReadOnlyList<string> Names { get; } = ["mnist", "fashion-mnist", "cifar10", "cifar100"];

    /// <summary>Loads the train and test splits; throws <see cref="DataFormatException"/> with one line on any problem.</summary>
    public static (Dataset Train, Dataset Test) Load(string name, string dataDir)
    {
        return name.ToLowerInvariant() switch
        {
            "mnist" => LoadIdx("mnist", Locate(dataDir, "mnist", "train-images-idx3-ubyte"), [0.1307f], [0.3081f]),
            "fashion-mnist" => LoadIdx("fashion-mnist", Locate(dataDir, "fashion-mnist", "train-images-idx3-ubyte"), [0.2860f], [0.3530f]),
            "cifar10" => LoadCifar("cifar10", Locate(dataDir, "cifar-10-batches-bin", "data_batch_1.bin", "cifar10"), 10,
                ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"], ["test_batch.bin"], labelBytes: 1),
            "cifar100" => LoadCifar("cifar100", Locate(dataDir, "cifar-100-binary", "train.bin", "cifar100"), 100, ["train.bin"], ["test.bin"], labelBytes: 2),
            _ => throw new DataFormatException($"unknown data set '{name}'; expected one of: {string.Join(", ", Names)}"),
        };
    }

    /// <summary>
    /// Null when <paramref name="dataDir"/> holds data set <paramref name="name"/> (directly or in its usual
    /// sub-directory), else the file that was looked for: lets a scenario's <c>data_dir</c> be checked at load.
    /// </summary>
    public static string? Missing(string name, string dataDir)
    {
        var (sub, probe, alt) = name.ToLowerInvariant() switch
        {
            "mnist" => ("mnist", "train-images-idx3-ubyte", null),
            "fashion-mnist" => ("fashion-mnist", "train-images-idx3-ubyte", null),
            "cifar10" => ("cifar-10-batches-bin", "data_batch_1.bin", "cifar10"),
            "cifar100" => ("cifar-100-binary", "train.bin", "cifar100"),
            _ => ((string?)null, (string?)null, (string?)null),
        };
        if (sub is null || probe is null)
        {
            return null;
        }
        try
        {
            Locate(dataDir, sub, probe, alt);
            return null;
        }
        catch (DataFormatException)
        {
            return probe;
        }
    }

    private static string Locate(string dataDir, string sub, string probe, string? alt = null)
    {
        foreach (var candidate in new[] { Path.Combine(dataDir, sub), alt is null ? null : Path.Combine(dataDir, alt), dataDir })
        {
            if (candidate is not null && File.Exists(Path.Combine(candidate, probe)))
            {
                return candidate;
            }
        }
        throw new DataFormatException($"{Path.Combine(dataDir, sub, probe)}: not found; run 'satsim data fetch' or point --data-dir (or SATSIM_DATA) at a directory holding {probe}");
    }

    /// <summary>Per-channel statistics in [0,1] units (standard published values for MNIST; CIFAR below).</summary>
    private static (Dataset, Dataset) LoadIdx(string name, string dir, float[] mean, float[] std)
    {
        Dataset Split(string images, string labels)
        {
            var (idims, pixels) = IdxReader.Read(Path.Combine(dir, images), 3);
            var (ldims, lbytes) = IdxReader.Read(Path.Combine(dir, labels), 1);
            if (idims[0] != ldims[0])
            {
                throw new DataFormatException($"{Path.Combine(dir, labels)}: {ldims[0]} labels but {images} holds {idims[0]} images");
            }
            var lab = new int[lbytes.Length];
            for (var i = 0; i < lab.Length; i++)
            {
                if (lbytes[i] > 9)
                {
                    throw new DataFormatException($"{Path.Combine(dir, labels)}: label {lbytes[i]} at item {i}; expected 0..9");
                }
                lab[i] = lbytes[i];
            }
            return new Dataset(name, pixels, lab, 1, idims[1], idims[2], 10, mean, std);
        }
        return (Split("train-images-idx3-ubyte", "train-labels-idx1-ubyte"), Split("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"));
    }

    private static (Dataset, Dataset) LoadCifar(string name, string dir, int classes, string[] trainFiles, string[] testFiles, int labelBytes)
    {
        // CIFAR channel statistics (commonly used values computed on the training sets)
        float[] mean = classes == 10 ? [0.4914f, 0.4822f, 0.4465f] : [0.5071f, 0.4865f, 0.4409f];
        float[] std = classes == 10 ? [0.2470f, 0.2435f, 0.2616f] : [0.2673f, 0.2564f, 0.2762f];
        Dataset Split(string[] files)
        {
            var pixels = new List<byte[]>();
            var labels = new List<int>();
            foreach (var f in files)
            {
                var (p, l) = CifarReader.Read(Path.Combine(dir, f), labelBytes, classes);
                pixels.Add(p);
                labels.AddRange(l);
            }
            return new Dataset(name, pixels.SelectMany(p => p).ToArray(), labels.ToArray(), 3, 32, 32, classes, mean, std);
        }
        return (Split(trainFiles), Split(testFiles));
    }
}
