using Sim.Components.Config.Schema;

namespace Sim.Components.Config;

/// <summary>
/// Optional DDR4 bank timing for users who want more than bandwidth plus latency: one rank of <see cref="Banks"/>
/// banks in <see cref="BankGroups"/> bank groups with one open row each, scheduled command by command in request
/// order (ACT, RD/WR, PRE, all-bank refresh) under the JEDEC timing constraints below. Every figure is in ns and is
/// rounded up to whole clocks of <see cref="TCkNs"/> (JEDEC's rounding: nCK = ceil(t / tCK - 0.025)).
/// </summary>
/// <remarks>
/// Defaults: DDR4-2400R (speed bin 16-16-16) of JEDEC JESD79-4B, as in Micron's 8Gb DDR4 SDRAM data sheet
/// (MT40A1G8, x8, 1 KB page; speed grade -083, tCK 0.833 ns), eight x8 devices on a 64-bit channel: 16 banks in 4
/// bank groups, 8 KiB row (page) per rank, BL8 bursts of 64 B. Figures and their data-sheet lines:
/// tAA = tRCD = tRP = 13.32 ns (16 nCK); CWL 12 nCK (1 tCK write preamble); tRAS 32 ns; tCCD_S 4 nCK;
/// tCCD_L max(5 nCK, 5 ns); tRRD_S max(4 nCK, 3.3 ns) and tRRD_L max(4 nCK, 4.9 ns) and tFAW max(20 nCK, 21 ns)
/// for the 1 KB page; tWTR_S max(2 nCK, 2.5 ns); tWTR_L max(4 nCK, 7.5 ns); tWR 15 ns; tRTP max(4 nCK, 7.5 ns);
/// tRFC1 350 ns for 8 Gb; tREFI 7.8 us (0 to 85 C). Addresses map like DRAMsim3's "rochrababgco": the 64 B bursts
/// of an 8 KiB row are contiguous, consecutive rows go to consecutive banks, bank group = bank mod
/// <see cref="BankGroups"/>. Docs: docs/validation.md (checked against DRAMsim3).
/// </remarks>
public sealed record Ddr4Timing
{
    public int Banks { get; init; } = 16;
    public int BankGroups { get; init; } = 4;
    public int RowBytes { get; init; } = 8192;

    /// <summary>Clock period; every other figure is rounded up to whole clocks of it.</summary>
    public double TCkNs { get; init; } = 0.833;

    public double TRcdNs { get; init; } = 13.32;
    /// <summary>Read latency (CAS latency, tAA) from RD to first data.</summary>
    public double TClNs { get; init; } = 13.32;
    public double TRpNs { get; init; } = 13.32;
    public double TRasNs { get; init; } = 32;
    /// <summary>CAS write latency from WR to first data (CWL = 12 nCK).</summary>
    public double TCwlNs { get; init; } = 9.996;
    /// <summary>Data-bus time of one burst (BL8 = 4 nCK).</summary>
    public double TBurstNs { get; init; } = 3.33;
    public double TCcdSNs { get; init; } = 3.33;
    public double TCcdLNs { get; init; } = 5.0;
    public double TRrdSNs { get; init; } = 3.33;
    public double TRrdLNs { get; init; } = 4.9;
    public double TFawNs { get; init; } = 21;
    public double TWtrSNs { get; init; } = 2.5;
    public double TWtrLNs { get; init; } = 7.5;
    public double TWrNs { get; init; } = 15;
    public double TRtpNs { get; init; } = 7.5;
    public double TRfcNs { get; init; } = 350;
    /// <summary>Average refresh interval; 0 turns refresh off.</summary>
    public double TRefiNs { get; init; } = 7800;

    /// <summary><paramref name="ns"/> in whole clocks, rounded up as JEDEC rounds (ceil(t / tCK - 0.025)).</summary>
    public long Clocks(double ns) => ns <= 0 ? 0 : (long)Math.Ceiling(ns / TCkNs - 0.025);

    /// <summary>The scenario keys of <c>dram.ddr4</c> (absent: no bank timing), declared once; defaults DDR4-2400R as above.</summary>
    /// <remarks>
    /// Ranges: tCK 0.01 to 100 ns (100 GHz to 10 MHz; JEDEC's DDR4 speed bins run at 0.625 to 1.5 ns) and a burst of at least
    /// 0.01 ns, since both divide; the command timings up to 1 us (JESD79-4's minima are tens of ns; an earlier
    /// hand-written check allowed 1 ms, which no DRAM needs); tRFC up to 10 us (16 Gb parts need 550 ns); tREFI up
    /// to 1 ms (7.8 us at 0 to 85 C), and 0 or longer than tRFC (<see cref="CheckRelations"/>).
    /// </remarks>
    public static BlockSchema Schema { get; } = Param.OptionalBlock("ddr4", "optional DDR4 command-level bank timing (absent: bandwidth plus latency)", new Ddr4Timing(),
        Param.Integer<Ddr4Timing>("banks", nameof(Banks), "", 1, 1024, "[JEDEC]", "banks per channel (one rank), one open row each (8 Gb x8: 16)", t => t.Banks, (t, v) => t with { Banks = v }),
        Param.Integer<Ddr4Timing>("bank_groups", nameof(BankGroups), "", 1, 1024, "[JEDEC]", "bank groups; must divide banks (8 Gb x8: 4)", t => t.BankGroups, (t, v) => t with { BankGroups = v }),
        Param.Integer<Ddr4Timing>("row_bytes", nameof(RowBytes), "bytes", 1, 1 << 20, "[JEDEC]", "row (page) size per rank (8 x 1 KB pages)", t => t.RowBytes, (t, v) => t with { RowBytes = v }),
        Param.Number<Ddr4Timing>("tck_ns", nameof(TCkNs), "ns", 0.01, 100, "[JEDEC]", "clock period; every other figure is rounded up to whole clocks of it", t => t.TCkNs, (t, v) => t with { TCkNs = v }),
        Param.Number<Ddr4Timing>("trcd_ns", nameof(TRcdNs), "ns", 0, 1000, "[JEDEC]", "ACT to RD/WR (16 nCK)", t => t.TRcdNs, (t, v) => t with { TRcdNs = v }),
        Param.Number<Ddr4Timing>("tcl_ns", nameof(TClNs), "ns", 0, 1000, "[JEDEC]", "RD to first data, CAS latency tAA (16 nCK)", t => t.TClNs, (t, v) => t with { TClNs = v }),
        Param.Number<Ddr4Timing>("trp_ns", nameof(TRpNs), "ns", 0, 1000, "[JEDEC]", "PRE to ACT of the same bank (16 nCK)", t => t.TRpNs, (t, v) => t with { TRpNs = v }),
        Param.Number<Ddr4Timing>("tras_ns", nameof(TRasNs), "ns", 0, 1000, "[JEDEC]", "ACT to PRE of the same bank", t => t.TRasNs, (t, v) => t with { TRasNs = v }),
        Param.Number<Ddr4Timing>("tcwl_ns", nameof(TCwlNs), "ns", 0, 1000, "[JEDEC]", "WR to first data, CAS write latency (12 nCK)", t => t.TCwlNs, (t, v) => t with { TCwlNs = v }),
        Param.Number<Ddr4Timing>("tburst_ns", nameof(TBurstNs), "ns", 0.01, 1000, "[JEDEC]", "data-bus time of one burst (BL8 = 4 nCK)", t => t.TBurstNs, (t, v) => t with { TBurstNs = v }),
        Param.Number<Ddr4Timing>("tccd_s_ns", nameof(TCcdSNs), "ns", 0, 1000, "[JEDEC]", "column command to column command, other bank group", t => t.TCcdSNs, (t, v) => t with { TCcdSNs = v }),
        Param.Number<Ddr4Timing>("tccd_l_ns", nameof(TCcdLNs), "ns", 0, 1000, "[JEDEC]", "column command to column command, same bank group", t => t.TCcdLNs, (t, v) => t with { TCcdLNs = v }),
        Param.Number<Ddr4Timing>("trrd_s_ns", nameof(TRrdSNs), "ns", 0, 1000, "[JEDEC]", "ACT to ACT, other bank group", t => t.TRrdSNs, (t, v) => t with { TRrdSNs = v }),
        Param.Number<Ddr4Timing>("trrd_l_ns", nameof(TRrdLNs), "ns", 0, 1000, "[JEDEC]", "ACT to ACT, same bank group", t => t.TRrdLNs, (t, v) => t with { TRrdLNs = v }),
        Param.Number<Ddr4Timing>("tfaw_ns", nameof(TFawNs), "ns", 0, 1000, "[JEDEC]", "window holding at most four ACTs", t => t.TFawNs, (t, v) => t with { TFawNs = v }),
        Param.Number<Ddr4Timing>("twtr_s_ns", nameof(TWtrSNs), "ns", 0, 1000, "[JEDEC]", "end of write data to RD, other bank group", t => t.TWtrSNs, (t, v) => t with { TWtrSNs = v }),
        Param.Number<Ddr4Timing>("twtr_l_ns", nameof(TWtrLNs), "ns", 0, 1000, "[JEDEC]", "end of write data to RD, same bank group", t => t.TWtrLNs, (t, v) => t with { TWtrLNs = v }),
        Param.Number<Ddr4Timing>("twr_ns", nameof(TWrNs), "ns", 0, 1000, "[JEDEC]", "write recovery: end of write data to PRE", t => t.TWrNs, (t, v) => t with { TWrNs = v }),
        Param.Number<Ddr4Timing>("trtp_ns", nameof(TRtpNs), "ns", 0, 1000, "[JEDEC]", "RD to PRE", t => t.TRtpNs, (t, v) => t with { TRtpNs = v }),
        Param.Number<Ddr4Timing>("trfc_ns", nameof(TRfcNs), "ns", 0, 10_000, "[JEDEC]", "all-bank refresh time (8 Gb: 350)", t => t.TRfcNs, (t, v) => t with { TRfcNs = v }),
        Param.Number<Ddr4Timing>("trefi_ns", nameof(TRefiNs), "ns", 0, 1e6, "[JEDEC]", "average refresh interval; 0 turns refresh off", t => t.TRefiNs, (t, v) => t with { TRefiNs = v }));

    /// <summary>
    /// The relations between parameters (the ranges are <see cref="Schema"/>'s): bank groups split the banks
    /// evenly, and a refresh must end before the next one is due.
    /// </summary>
    internal void CheckRelations(string prefix, List<string> problems)
    {
        if (Banks % BankGroups != 0)
        {
            problems.Add($"{prefix}.bank_groups: must divide banks={Banks} (got {BankGroups})");
        }
        if (TRefiNs > 0 && TRefiNs <= TRfcNs)
        {
            problems.Add($"{prefix}.trefi_ns: must be 0 (no refresh) or > trfc_ns={HardwareParameter.Format(TRfcNs)} (got {HardwareParameter.Format(TRefiNs)})");
        }
    }
}
