using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Components.Config.Schema;

namespace Sim.Components.Config;

/// <summary>
/// SAT's four on-chip buffers, one per <see cref="BufferKind"/>. Defaults and their rationale (a [model]
/// choice; docs/sat.md leaves buffer sizes to scenario files):
/// <list type="bullet">
/// <item>Input 1 MiB, Weight 1 MiB, Output 1 MiB, Index 128 KiB: 3.1 MiB in all, about 7% of the XCVU9P's
/// on-chip RAM (2160 BRAM36 = 9.5 MiB plus 960 URAM = 33.75 MiB), leaving room for the rest of the design.</item>
/// <item>Each ping-pong half (512 KiB) holds a 32-row (or -column) FP16 operand strip with a reduction length of
/// 8192, enough for every ResNet-18/ResNet-50/VGG19 layer (largest Cin*Kh*Kw = 512*3*3 = 4608) without
/// splitting the reduction, so output partial sums need not leave the chip.</item>
/// <item>32 banks x 8 B per port: 256 B per cycle, enough to feed 32 rows of FP16 (64 B) plus the
/// M-wide activation groups of N:M mode (32 x 2 B x M/N = 256 B at 2:8).</item>
/// <item>Index: 4-bit indices (ceil(log2 8) = 3 bits, rounded to a nibble) are 1/4 of the FP16 weights'
/// size; 128 KiB covers a 512 KiB weight buffer at that ratio.</item>
/// </list>
/// </summary>
public sealed record BufferSet
{
    public BufferConfig Input { get; init; } = new() { CapacityBytes = 1L << 20 };
    public BufferConfig Weight { get; init; } = new() { CapacityBytes = 1L << 20 };
    public BufferConfig Output { get; init; } = new() { CapacityBytes = 1L << 20 };
    public BufferConfig Index { get; init; } = new() { CapacityBytes = 128L << 10 };

    /// <summary>The scenario keys of <c>buffers</c>: one <see cref="BufferConfig.Schema"/> block per kind, declared once.</summary>
    public static BlockSchema Schema { get; } = Param.Block("buffers", "SAT's four on-chip buffers", new BufferSet(),
        Param.Nested<BufferSet, BufferConfig>("input", nameof(Input), BufferConfig.Schema, s => s.Input, (s, v) => s with { Input = v! }),
        Param.Nested<BufferSet, BufferConfig>("weight", nameof(Weight), BufferConfig.Schema, s => s.Weight, (s, v) => s with { Weight = v! }),
        Param.Nested<BufferSet, BufferConfig>("output", nameof(Output), BufferConfig.Schema, s => s.Output, (s, v) => s with { Output = v! }),
        Param.Nested<BufferSet, BufferConfig>("index", nameof(Index), BufferConfig.Schema, s => s.Index, (s, v) => s with { Index = v! }));

    /// <summary>The configuration of the buffer of one kind.</summary>
    public BufferConfig For(BufferKind kind) => kind switch
    {
        BufferKind.Input => Input,
        BufferKind.Weight => Weight,
        BufferKind.Output => Output,
        BufferKind.Index => Index,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown buffer kind"),
    };

    /// <summary>A copy with the buffer of one kind replaced.</summary>
    public BufferSet With(BufferKind kind, BufferConfig config) => kind switch
    {
        BufferKind.Input => this with { Input = config },
        BufferKind.Weight => this with { Weight = config },
        BufferKind.Output => this with { Output = config },
        BufferKind.Index => this with { Index = config },
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown buffer kind"),
    };

    /// <summary>The relations between parameters of each buffer (<see cref="BufferConfig.CheckRelations"/>), named by key path.</summary>
    internal void CheckRelations(string prefix, List<string> problems)
    {
        foreach (var p in Schema.Parameters)
        {
            ((BufferConfig)p.Get(this)!).CheckRelations($"{prefix}.{p.Key}", problems);
        }
    }
}
