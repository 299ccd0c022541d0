using System.Globalization;
using System.Text;

namespace Sim.Core.Monitoring;

/// <summary>
/// Writes busy intervals in the Chrome Trace Event format (JSON object form, complete "X" events), which
/// Perfetto and chrome://tracing open as a timeline: one row per component, grouped by category.
/// </summary>
public static class ChromeTrace
{
    /// <summary>Writes the trace. Rows (threads) are numbered by first appearance, so equal inputs give
    /// byte-identical files; timestamps are microseconds = cycles / <paramref name="cyclesPerMicrosecond"/>.</summary>
    public static void Write(TextWriter w, IEnumerable<BusyInterval> intervals, double cyclesPerMicrosecond)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(intervals);
        if (!(cyclesPerMicrosecond > 0) || double.IsInfinity(cyclesPerMicrosecond))
        {
            throw new ArgumentOutOfRangeException(nameof(cyclesPerMicrosecond), cyclesPerMicrosecond, "Cycles per microsecond must be positive and finite.");
        }
        var processes = new Dictionary<string, int>(StringComparer.Ordinal);
        var threads = new Dictionary<string, (int Pid, int Tid)>(StringComparer.Ordinal);
        var sb = new StringBuilder();
        w.Write("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[");
        var first = true;
        foreach (var iv in intervals)
        {
            var category = iv.Category ?? "sim";
            if (!processes.TryGetValue(category, out var pid))
            {
                pid = processes.Count + 1;
                processes.Add(category, pid);
                sb.Clear().Append("{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":").Append(pid)
                  .Append(",\"tid\":0,\"args\":{\"name\":");
                AppendString(sb, category);
                sb.Append("}}");
                WriteItem(w, sb, ref first);
            }
            if (!threads.TryGetValue(iv.Component, out var row))
            {
                row = (pid, threads.Count + 1);
                threads.Add(iv.Component, row);
                sb.Clear().Append("{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":").Append(row.Pid)
                  .Append(",\"tid\":").Append(row.Tid).Append(",\"args\":{\"name\":");
                AppendString(sb, iv.Component);
                sb.Append("}}");
                WriteItem(w, sb, ref first);
            }
            sb.Clear().Append("{\"name\":");
            AppendString(sb, iv.Label);
            sb.Append(",\"cat\":");
            AppendString(sb, category);
            sb.Append(",\"ph\":\"X\",\"ts\":").Append(Micro(iv.Start, cyclesPerMicrosecond))
              .Append(",\"dur\":").Append(Micro(iv.End - iv.Start, cyclesPerMicrosecond))
              .Append(",\"pid\":").Append(row.Pid).Append(",\"tid\":").Append(row.Tid)
              .Append(",\"args\":{\"start_cycle\":").Append(iv.Start).Append(",\"end_cycle\":").Append(iv.End).Append("}}");
            WriteItem(w, sb, ref first);
        }
        w.Write("]}\n");
    }

    private static void WriteItem(TextWriter w, StringBuilder sb, ref bool first)
    {
        if (!first)
        {
            w.Write(',');
        }
        first = false;
        w.Write('\n');
        w.Write(sb);
    }

    private static string Micro(long cycles, double cyclesPerMicrosecond) =>
        (cycles / cyclesPerMicrosecond).ToString("R", CultureInfo.InvariantCulture);

    private static void AppendString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < ' ')
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        sb.Append('"');
    }
}
