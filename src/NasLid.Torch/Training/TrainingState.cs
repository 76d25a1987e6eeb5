using NasLid.Core;

namespace NasLid.Torch.Training;

/// <summary>
/// Everything besides the weights that a run needs to continue exactly: the mask it trains, where it is in
/// the schedule, the path-sampling generator and the optimizer's momentum. A checkpoint is the weights plus this.
/// </summary>
public sealed class TrainingState : IDisposable
{
    public TrainingState(SupernetMask mask, TrainingOptions options, long step, long totalSteps, int batchesPerEpoch, Rng pathRng, NesterovSgd optimizer)
    {
        Mask = mask;
        Options = options;
        Step = step;
        TotalSteps = totalSteps;
        BatchesPerEpoch = batchesPerEpoch;
        PathRng = pathRng;
        Optimizer = optimizer;
    }

    public SupernetMask Mask { get; }
    public TrainingOptions Options { get; }

    /// <summary>Steps taken so far; the next step uses this index for its learning rate and batch.</summary>
    public long Step { get; internal set; }
    public long TotalSteps { get; }
    public int BatchesPerEpoch { get; }
    public Rng PathRng { get; }
    public NesterovSgd Optimizer { get; }

    public int Epoch => (int)(Step / BatchesPerEpoch);
    public int Epochs => (int)((TotalSteps + BatchesPerEpoch - 1) / BatchesPerEpoch);
    public bool Finished => Step >= TotalSteps;

    public void Dispose() => Optimizer.Dispose();
}
