using System.Diagnostics;
using NasLid.Core;
using NasLid.Kernels;
using NasLid.Torch.Supernets;
using static TorchSharp.torch;

namespace NasLid.Torch.Characterisation;

/// <summary>
/// Turns one forward's taps into an LID profile as they stream past: each tapped layer's LID is computed the
/// moment it appears, so no feature outlives its layer (paper §3; what keeps NAS-LID's memory low).
/// </summary>
public sealed class LidProfiler(ILidEngine engine, LidOptions options, string candidate) : ITapSink
{
    readonly List<double> _profile = [];

    /// <summary>
    /// The LID profile of one forward under <paramref name="active"/>: batch statistics in BatchNorm (as during
    /// training) but the model's running statistics left untouched, and no gradients.
    /// </summary>
    public static double[] Measure(Supernet net, SupernetMask active, Data.Batch batch, ILidEngine engine, LidOptions options)
    {
        using (BatchNormStatistics.Preserve(net))
        using (no_grad())
        using (NewDisposeScope())
        {
            net.train();
            var profiler = new LidProfiler(engine, options, active.ToString());
            var (images, _) = batch.ToTensors(net.parameters().First().device);
            net.Forward(images, active, profiler);
            return [.. profiler.Profile];
        }
    }

    public IReadOnlyList<double> Profile => _profile;

    /// <summary>Rows left out over all taps (duplicates or all-equal distances), reported in the records.</summary>
    public int RowsExcluded { get; private set; }

    /// <summary>Time spent in the LID engine, to tell it apart from the forward pass.</summary>
    public TimeSpan LidTime { get; private set; }

    /// <summary>Taps whose rows were all identical, each with LID 0 in the profile (see <see cref="OnTap"/>).</summary>
    public IReadOnlyList<string> CollapsedTaps => _collapsed;

    readonly List<string> _collapsed = [];

    /// <summary>
    /// A tap whose rows are all identical (NB201's none op zeroes a cell when every edge into its output is none,
    /// and everything after it is then constant too) is a single point: its intrinsic dimension is 0, though no
    /// row has a defined MLE. It enters the profile as 0 and is reported, so such a candidate is compared rather
    /// than stopping the search. Any other undefined LID is an error naming the tap.
    /// </summary>
    public void OnTap(int index, string name, Tensor output)
    {
        var layer = $"{candidate} tap {index} ({name})";
        LidEstimator.CheckShape((int)output.shape[0], (int)(output.numel() / Math.Max(1, output.shape[0])), options.K, layer);
        if (AllRowsEqual(output))
        {
            _collapsed.Add($"tap {index} ({name})");
            _profile.Add(0);
            return;
        }
        long start = Stopwatch.GetTimestamp();
        var result = engine.Estimate(output, options, layer);
        LidTime += Stopwatch.GetElapsedTime(start);
        if (!double.IsFinite(result.Lid))
            throw new NasLidException($"LID of {layer} is {result.Lid}: {result.RowsExcluded} of {result.Rows} rows were excluded");
        RowsExcluded += result.RowsExcluded;
        _profile.Add(result.Lid);
    }

    static bool AllRowsEqual(Tensor output)
    {
        using var scope = NewDisposeScope();
        var rows = output.flatten(1);
        return rows.eq(rows[0]).all().item<bool>();
    }
}
