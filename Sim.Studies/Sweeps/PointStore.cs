using Sim.Vocabulary.IO;
using System.Globalization;
using System.Text.Json;
using Sim.Studies.Errors;
using Sim.Studies.Output;

namespace Sim.Studies.Sweeps;

/// <summary>
/// The per-point results of a sweep: one small JSON file per finished point under <c>DIR/points/</c>,
/// each written atomically. This is the resume journal (a rerun skips points whose file exists) and the
/// unit that shards exchange; <c>sweep.csv</c> is always rebuilt from these files, so an interrupted,
/// resumed or sharded sweep yields exactly the bytes of an uninterrupted one.
/// </summary>
public sealed class PointStore
{
    public const string SpecFile = "sweep-spec.fingerprint";

    public PointStore(string directory)
    {
        Root = Path.GetFullPath(directory);
        PointsDirectory = Path.Combine(Root, "points");
    }

    public string Root { get; }

    public string PointsDirectory { get; }

    /// <summary>
    /// Binds the directory to a sweep: records the fingerprint on first use, and refuses a directory that
    /// already holds results of a different sweep (mixing them would corrupt the CSV).
    /// </summary>
    public void Bind(SweepSpec spec)
    {
        var path = Path.Combine(Root, SpecFile);
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (existing != spec.Fingerprint)
            {
                throw new SatSimInputException(path, $"this output directory holds results of a different sweep (fingerprint {existing[..12]}, this sweep {spec.Fingerprint[..12]}); use a new --out or delete it");
            }
            return;
        }
        Directory.CreateDirectory(PointsDirectory);
        AtomicFile.WriteAllText(path, spec.Fingerprint + "\n");
    }

    /// <summary>The fingerprint recorded in a result directory, or null when it holds none.</summary>
    public string? Fingerprint()
    {
        var path = Path.Combine(Root, SpecFile);
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }

    public string PathOf(SweepPoint point) => Path.Combine(PointsDirectory, point.Id + ".json");

    public bool Has(SweepPoint point) => File.Exists(PathOf(point));

    public void Write(PointResult result)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("id", result.Point.Id);
            json.WriteString("key", result.Point.Key);
            if (result.Metrics is { } m)
            {
                json.WriteNumber("pe_count", m.PeCount);
                json.WriteNumber("on_chip_buffer_bytes", m.OnChipBufferBytes);
                json.WriteNumber("cycles", m.Cycles);
                json.WriteNumber("seconds", m.Seconds);
                json.WriteNumber("images_per_second", m.ImagesPerSecond);
                json.WriteNumber("effective_gops", m.EffectiveGops);
                json.WriteNumber("dense_equivalent_gops", m.DenseEquivalentGops);
                json.WriteNumber("energy_joules", m.EnergyJoules);
                json.WriteNumber("gops_per_watt", m.GopsPerWatt);
                json.WriteNumber("dram_bytes", m.DramBytes);
                json.WriteNumber("array_utilization", m.ArrayUtilization);
                json.WriteNumber("power_w", m.PowerW);
                json.WriteNumber("images_per_joule", m.ImagesPerJoule);
                if (m.Cost is { } c)
                {
                    json.WriteString("device", c.Device);
                    json.WriteBoolean("fits", c.Fits);
                    json.WriteString("limiting_resource", c.LimitingResource);
                    json.WriteNumber("dsp_pct", c.DspPct);
                    json.WriteNumber("bram_pct", c.BramPct);
                    json.WriteNumber("uram_pct", c.UramPct);
                    json.WriteNumber("lut_pct", c.LutPct);
                    json.WriteString("fit_reason", c.Reason);
                }
            }
            else
            {
                json.WriteString("error", result.Error ?? "unknown error");
            }
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        AtomicFile.WriteAllBytes(PathOf(result.Point), buffer.ToArray());
    }

    /// <summary>Reads a point's result back; a file that does not belong to the point or is damaged is an input error.</summary>
    public PointResult Read(SweepPoint point)
    {
        var path = PathOf(point);
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            if (root.GetProperty("key").GetString() != point.Key)
            {
                throw new SatSimInputException(path, $"holds point '{root.GetProperty("key").GetString()}', expected '{point.Key}'");
            }
            if (root.TryGetProperty("error", out var error))
            {
                return new PointResult(point, null, error.GetString());
            }
            var metrics = new SweepMetrics(
                root.GetProperty("pe_count").GetInt64(),
                root.GetProperty("on_chip_buffer_bytes").GetInt64(),
                root.GetProperty("cycles").GetInt64(),
                root.GetProperty("seconds").GetDouble(),
                root.GetProperty("images_per_second").GetDouble(),
                root.GetProperty("effective_gops").GetDouble(),
                root.GetProperty("dense_equivalent_gops").GetDouble(),
                root.GetProperty("energy_joules").GetDouble(),
                root.GetProperty("gops_per_watt").GetDouble(),
                root.GetProperty("dram_bytes").GetInt64(),
                root.GetProperty("array_utilization").GetDouble(),
                root.GetProperty("power_w").GetDouble(),
                root.GetProperty("images_per_joule").GetDouble(),
                root.TryGetProperty("device", out var device)
                    ? new CostMetrics(device.GetString()!, root.GetProperty("fits").GetBoolean(), root.GetProperty("limiting_resource").GetString()!,
                        root.GetProperty("dsp_pct").GetDouble(), root.GetProperty("bram_pct").GetDouble(), root.GetProperty("uram_pct").GetDouble(),
                        root.GetProperty("lut_pct").GetDouble(), root.GetProperty("fit_reason").GetString()!)
                    : null);
            return new PointResult(point, metrics, null);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new SatSimInputException(path, $"damaged point result ({e.Message.Split('\n')[0]}); delete it to recompute the point");
        }
    }

    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
