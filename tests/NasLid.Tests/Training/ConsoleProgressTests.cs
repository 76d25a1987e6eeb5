using NasLid.Torch.Training;
using NUnit.Framework;

namespace NasLid.Tests.Training;

public class ConsoleProgressTests
{
    static TrainingProgress At(long step) =>
        new(Epoch: (int)((step - 1) / 10), Epochs: 2, Step: step, TotalSteps: 20, EndOfEpoch: step % 10 == 0, Loss: 1.25, ImagesPerSecond: 640,
            Elapsed: TimeSpan.FromSeconds(step), Remaining: TimeSpan.FromSeconds(20 - step));

    [Test]
    public void RedirectedOutputGetsPlainLinesAtEpochEndsAndTheFinish()
    {
        var text = new StringWriter();
        var progress = new ConsoleProgress(text, live: false, interval: TimeSpan.FromHours(1));
        for (long step = 1; step <= 20; step++)
            progress.Report(At(step));
        progress.Finish(At(20));

        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(text.ToString(), Does.Not.Contain("\r"));
        Assert.That(lines, Has.Length.EqualTo(2), "one line when epoch 1 ends, one at the finish");
        Assert.That(lines[0], Does.Contain("epoch 1/2 step 10/20 loss 1.2500 640 img/s").And.Contain("ETA 00:10"));
    }

    [Test]
    public void ATerminalGetsOneLineRedrawnInPlace()
    {
        var text = new StringWriter();
        var progress = new ConsoleProgress(text, live: true, interval: TimeSpan.Zero);
        progress.Report(At(5));
        progress.Report(At(10));
        progress.Finish(At(20));

        var output = text.ToString();
        Assert.That(output.Count(c => c == '\r'), Is.EqualTo(3));
        Assert.That(output.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(output, Does.Contain("[######------------------] epoch 1/2 step 5/20"));
    }
}
