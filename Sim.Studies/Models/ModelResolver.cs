using System.Collections.Concurrent;
using Sim.Onnx;
using Sim.Workloads.Models;

namespace Sim.Studies.Models;

/// <summary>
/// What a <c>model:</c> value or a <c>--model</c> flag names: a zoo model, or the path of an ONNX file
/// (ending in .onnx) imported once per process and shared by timing and training. Import errors are
/// <see cref="OnnxImportException"/>s with a one-line message.
/// </summary>
public static class ModelResolver
{
    private static readonly ConcurrentDictionary<string, Lazy<ImportedModel>> Imported = new(StringComparer.Ordinal);

    /// <summary>Whether the value names an ONNX file rather than a zoo model.</summary>
    public static bool IsFile(string model) => OnnxImporter.IsOnnxPath(model);

    /// <summary>The imported file (cached by full path).</summary>
    public static ImportedModel Import(string path) =>
        Imported.GetOrAdd(Path.GetFullPath(path), p => new Lazy<ImportedModel>(() => OnnxImporter.Import(p))).Value;

    /// <summary>
    /// The model graph: the file's (its own input shape and classes; the overrides apply to zoo models only),
    /// or the zoo model built for the given classes, image size and channels.
    /// </summary>
    public static ModelGraph Graph(string model, int? classes = null, int? imageSize = null, int? channels = null) =>
        IsFile(model) ? Import(model).Graph : ModelZoo.Create(model, classes, imageSize, channels);

    /// <summary>The file weights to start training from, or null for a zoo model (seeded initialization).</summary>
    public static IReadOnlyDictionary<string, Func<ReadOnlyMemory<float>>>? InitialValues(string model) => IsFile(model) ? Import(model).InitialValues : null;
}
