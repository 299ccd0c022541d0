namespace Sim.Components.Cost;

/// <summary>
/// Dynamic-energy coefficients of the power model for a 16 nm FPGA (UltraScale+); a device's
/// <see cref="FpgaDevice.EnergyScale"/> scales them for other nodes. Off-chip energy per bit and static power come from
/// the device catalog, not from here.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><see cref="ToggleRate"/> 12.5 %: the default toggle rate of Xilinx's power estimator (XPE, UG440) for logic
/// whose activity is unknown; applied to the LUTs and flip-flops of a PE each cycle it computes and of the always-on
/// blocks every cycle.</item>
/// <item>[assumption: DSP op] 1.0 pJ per DSP multiply-accumulate: the order of a 45 nm FP16 multiply plus add
/// (1.1 + 0.4 pJ, Horowitz ISSCC 2014) for a hard 27 x 18 multiplier at 16 nm.</item>
/// <item>[assumption: fabric toggle] 0.05 pJ per LUT output toggle and 0.02 pJ per flip-flop toggle, local routing
/// included.</item>
/// <item>[assumption: clock tree] 0.005 pJ per used flip-flop per cycle (clock buffers, spines and leaf clocking), and
/// 0.05 pJ per used RAM block per cycle (its clock pin): the clock tree grows with the design, busy or not.</item>
/// <item>[assumption: RAM access] one port access of one block: 36 Kb block RAM 5 pJ (72-bit port; Horowitz's 8 KiB SRAM
/// 10 pJ per 64-bit read at 45 nm, halved for 16 nm and a smaller array), M20K 3 pJ (40-bit port), UltraRAM 12 pJ
/// (72-bit port on an 8x larger array); each block cascaded in depth adds 0.5 pJ of output multiplexing and routing.</item>
/// </list>
/// </remarks>
public sealed record PowerCoefficients
{
    public double ToggleRate { get; init; } = 0.125;
    public double DspOpPj { get; init; } = 1.0;
    public double LutTogglePj { get; init; } = 0.05;
    public double FfTogglePj { get; init; } = 0.02;
    public double ClockPjPerFfCycle { get; init; } = 0.005;
    public double ClockPjPerRamBlockCycle { get; init; } = 0.05;
    public double Bram36AccessPj { get; init; } = 5;
    public double M20KAccessPj { get; init; } = 3;
    public double UramAccessPj { get; init; } = 12;
    public double CascadePjPerBlock { get; init; } = 0.5;

    public static PowerCoefficients Default { get; } = new();

    /// <summary>Every problem, each naming its field; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        void Check(string name, double v)
        {
            if (!(v >= 0) || double.IsInfinity(v)) problems.Add($"{name}: must be a finite number >= 0 (got {v})");
        }
        Check(nameof(DspOpPj), DspOpPj);
        Check(nameof(LutTogglePj), LutTogglePj);
        Check(nameof(FfTogglePj), FfTogglePj);
        Check(nameof(ClockPjPerFfCycle), ClockPjPerFfCycle);
        Check(nameof(ClockPjPerRamBlockCycle), ClockPjPerRamBlockCycle);
        Check(nameof(Bram36AccessPj), Bram36AccessPj);
        Check(nameof(M20KAccessPj), M20KAccessPj);
        Check(nameof(UramAccessPj), UramAccessPj);
        Check(nameof(CascadePjPerBlock), CascadePjPerBlock);
        if (!(ToggleRate >= 0 && ToggleRate <= 1)) problems.Add($"{nameof(ToggleRate)}: must be between 0 and 1 (got {ToggleRate})");
        return problems;
    }
}
