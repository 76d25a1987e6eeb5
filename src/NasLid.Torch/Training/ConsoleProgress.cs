using System.Diagnostics;

namespace NasLid.Torch.Training;

/// <summary>
/// On a terminal, one line redrawn in place (a bar with epoch, step, loss, images/s and ETA, at most ten
/// times a second); when output is redirected to a file or pipe, a plain line every <c>interval</c> and at
/// each epoch's end, so logs stay readable.
/// </summary>
public sealed class ConsoleProgress(TextWriter writer, bool live, TimeSpan? interval = null) : IProgressReporter
{
    const int BarWidth = 24;
    readonly TimeSpan _interval = interval ?? (live ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(10));
    readonly Stopwatch _sinceShown = Stopwatch.StartNew();
    int _drawnWidth;
    long _shownStep = -1;

    /// <summary>Progress on standard error: live on a terminal, plain lines when redirected.</summary>
    public static ConsoleProgress ForConsole() => new(Console.Error, !Console.IsErrorRedirected);

    public void Report(TrainingProgress progress)
    {
        if (_sinceShown.Elapsed < _interval && !(progress.EndOfEpoch && !live))
            return;
        _sinceShown.Restart();
        Show(progress);
    }

    public void Finish(TrainingProgress progress)
    {
        if (live || progress.Step != _shownStep)
            Show(progress);
        if (live)
            writer.WriteLine();
        writer.Flush();
    }

    void Show(TrainingProgress p)
    {
        _shownStep = p.Step;
        var text = Describe(p);
        if (!live)
        {
            writer.WriteLine(text);
            return;
        }
        double done = p.TotalSteps == 0 ? 1 : (double)p.Step / p.TotalSteps;
        int filled = (int)Math.Round(done * BarWidth);
        var line = $"[{new string('#', filled)}{new string('-', BarWidth - filled)}] {text}";
        writer.Write('\r' + line.PadRight(_drawnWidth));
        _drawnWidth = line.Length;
        writer.Flush();
    }

    static string Describe(TrainingProgress p) =>
        $"epoch {p.Epoch + 1}/{p.Epochs} step {p.Step}/{p.TotalSteps} loss {p.Loss:F4} " +
        $"{p.ImagesPerSecond:F0} img/s elapsed {Clock(p.Elapsed)} ETA {Clock(p.Remaining)}";

    static string Clock(TimeSpan t) => t.TotalHours >= 1 ? $"{(int)t.TotalHours}:{t:mm\\:ss}" : $"{t:mm\\:ss}";
}
