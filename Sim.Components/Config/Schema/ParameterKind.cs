namespace Sim.Components.Config.Schema;

/// <summary>What a hardware parameter's value is, which fixes how a scenario writes it and how it is checked.</summary>
public enum ParameterKind
{
    /// <summary>An integer in [Min, Max].</summary>
    Integer,

    /// <summary>A size in bytes in [Min, Max]; scenarios may write 512KiB or 1MiB.</summary>
    Bytes,

    /// <summary>A finite number in [Min, Max].</summary>
    Number,

    /// <summary>true or false.</summary>
    Boolean,

    /// <summary>A name (e.g. a device of the catalog); absent means none.</summary>
    Text,

    /// <summary>A nested block with its own parameters (<see cref="HardwareParameter.Block"/>).</summary>
    Block,

    /// <summary>A mapping from names to blocks of one schema (e.g. per-operation vector costs).</summary>
    Map,
}
