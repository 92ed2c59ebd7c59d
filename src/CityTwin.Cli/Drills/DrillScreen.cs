namespace CityTwin.Cli.Drills;

/// <summary>
/// A running drill on the terminal: timeline lines on output, the progress bar on error, redrawn under each line, so
/// a terminal shows both and a redirected output holds the timeline alone.
/// </summary>
public sealed class DrillScreen(CliConsole console)
{
    private readonly Lock _gate = new();
    private string _bar = "";

    public void Line(string text)
    {
        lock (_gate)
        {
            if (_bar.Length > 0) console.Error.Write("\r" + new string(' ', _bar.Length) + "\r");
            console.Out.WriteLine(text);
            console.Out.Flush();
            console.Error.Write(_bar);
        }
    }

    public void Progress(string bar)
    {
        lock (_gate)
        {
            console.Error.Write("\r" + bar);
            _bar = bar;
        }
    }

    public void Done()
    {
        lock (_gate)
        {
            if (_bar.Length > 0) console.Error.WriteLine();
            _bar = "";
        }
    }
}
