using Sim.Components.Config.Schema;

namespace Sim.Components.Config;

/// <summary>
/// One on-chip buffer (SRAM built from FPGA BRAM/URAM): capacity, banking and ports. The controller uses
/// <see cref="CapacityBytes"/> to reject operands that do not fit, and the bank/port figures to bound how many
/// bytes per cycle the buffer can deliver to the PE array or accept from DRAM.
/// </summary>
public sealed record BufferConfig
{
    /// <summary>Total capacity in bytes (both ping-pong halves together when <see cref="DoubleBuffered"/>).</summary>
    public long CapacityBytes { get; init; }

    /// <summary>Independent banks; each bank serves its ports every cycle.</summary>
    public int Banks { get; init; } = 32;

    /// <summary>Read ports per bank per cycle.</summary>
    public int ReadPorts { get; init; } = 1;

    /// <summary>Write ports per bank per cycle.</summary>
    public int WritePorts { get; init; } = 1;

    /// <summary>Bytes one port moves per cycle (the bank word width).</summary>
    public int BankWidthBytes { get; init; } = 8;

    /// <summary>Ping-pong: half the capacity is filled for the next tile while the other half is being used.</summary>
    public bool DoubleBuffered { get; init; } = true;

    /// <summary>Bytes the buffer can read per cycle over all banks.</summary>
    public long ReadBytesPerCycle => (long)Banks * ReadPorts * BankWidthBytes;

    /// <summary>Bytes the buffer can write per cycle over all banks.</summary>
    public long WriteBytesPerCycle => (long)Banks * WritePorts * BankWidthBytes;

    /// <summary>Largest single operand (tile) the buffer accepts: half the capacity when double buffered.</summary>
    public long TileCapacityBytes => DoubleBuffered ? CapacityBytes / 2 : CapacityBytes;

    /// <summary>The scenario keys of one buffer (<c>buffers.input</c>, ...), declared once.</summary>
    /// <remarks>
    /// Ranges: capacity 1 byte to 1 TiB (on-chip RAM of any FPGA is below 1 GiB, so 1 TiB only refuses unit
    /// mistakes); up to 65536 banks (the largest device of data/devices.csv has 11,721 RAM blocks); 1 to 64 ports per bank
    /// (true dual-port BRAM has 2; more are multi-pumped or replicated copies); a bank word up to 4096 bytes (one
    /// BRAM36 port is at most 72 bits, wider words gang blocks); capacity must also be a multiple of banks
    /// (<see cref="CheckRelations"/>). The earlier hand-written check had lower bounds only.
    /// </remarks>
    public static BlockSchema Schema { get; } = Param.Block("buffer", "one on-chip buffer: capacity, banking and ports", new BufferConfig(),
        Param.Bytes<BufferConfig>("capacity", nameof(CapacityBytes), 1, 1L << 40, "[model]", "total capacity, both ping-pong halves together when double buffered", b => b.CapacityBytes, (b, v) => b with { CapacityBytes = v }),
        Param.Integer<BufferConfig>("banks", nameof(Banks), "", 1, 65536, "[model]", "independent banks; capacity must be a multiple of it", b => b.Banks, (b, v) => b with { Banks = v }),
        Param.Integer<BufferConfig>("read_ports", nameof(ReadPorts), "per bank", 1, 64, "[model]", "read ports per bank per cycle", b => b.ReadPorts, (b, v) => b with { ReadPorts = v }),
        Param.Integer<BufferConfig>("write_ports", nameof(WritePorts), "per bank", 1, 64, "[model]", "write ports per bank per cycle", b => b.WritePorts, (b, v) => b with { WritePorts = v }),
        Param.Integer<BufferConfig>("bank_width_bytes", nameof(BankWidthBytes), "bytes", 1, 4096, "[model]", "bytes one port moves per cycle (the bank word)", b => b.BankWidthBytes, (b, v) => b with { BankWidthBytes = v }),
        Param.Boolean<BufferConfig>("double_buffered", nameof(DoubleBuffered), "[model]", "ping-pong: half is filled for the next tile while the other half is used", b => b.DoubleBuffered, (b, v) => b with { DoubleBuffered = v }));

    /// <summary>The relation between parameters (the ranges are <see cref="Schema"/>'s): capacity is split evenly over the banks.</summary>
    internal void CheckRelations(string prefix, List<string> problems)
    {
        if (CapacityBytes % Banks != 0)
        {
            problems.Add($"{prefix}.capacity: must be a multiple of banks={Banks} (got {CapacityBytes})");
        }
    }
}
