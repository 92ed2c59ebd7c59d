using Google.Protobuf;
using Grpc.Core;

namespace CityTwin.Cli;

/// <summary>Where a command writes: tables or JSON to output, one-line errors to error.</summary>
public sealed class CliConsole(TextWriter output, TextWriter error)
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false).WithIndentation());

    public TextWriter Out => output;
    public TextWriter Error => error;

    public void Json(IMessage message) => output.WriteLine(Formatter.Format(message));

    public void Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = rows.ToList();
        var widths = headers.Select((h, i) => Math.Max(Width(h), all.Count == 0 ? 0 : all.Max(r => Width(r[i])))).ToArray();
        output.WriteLine(Row(headers, widths));
        output.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var r in all) output.WriteLine(Row(r, widths));
    }

    private static string Row(IReadOnlyList<string> cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => c + new string(' ', widths[i] - Width(c)))).TrimEnd();

    /// <summary>Terminal cells: CJK characters take two.</summary>
    private static int Width(string s) => s.Sum(c => c >= 0x1100 && (c <= 0x115F || (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFF60)) ? 2 : 1);

    /// <summary>One line naming the status, then a non-zero exit code.</summary>
    public int Fail(RpcException e)
    {
        error.WriteLine($"citytwin: {e.StatusCode}: {e.Status.Detail}");
        return e.StatusCode == StatusCode.Unavailable ? 3 : 1;
    }

    public int Fail(string message)
    {
        error.WriteLine($"citytwin: {message}");
        return 1;
    }
}
