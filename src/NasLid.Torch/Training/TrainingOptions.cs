using NasLid.Core;

namespace NasLid.Torch.Training;

/// <summary>
/// Hyper-parameters of one training run (SPEC §5: SGD, momentum 0.9, nesterov, weight decay 5e-4, cosine
/// schedule, cross-entropy). The schedule spans Epochs × batches per epoch steps, or MaxSteps when that is
/// smaller, so a short run still anneals to zero.
/// </summary>
/// <param name="Seed">Seeds path sampling and the data order; the same seed gives the same run.</param>
/// <param name="Prefetch">How many batches the loader thread may prepare ahead.</param>
public sealed record TrainingOptions(
    int Epochs = 1,
    int BatchSize = 64,
    double LearningRate = 0.025,
    double Momentum = 0.9,
    double WeightDecay = 5e-4,
    long? MaxSteps = null,
    ulong Seed = 0,
    int Prefetch = 3)
{
    public void Validate()
    {
        if (Epochs <= 0) throw new NasLidException($"epochs {Epochs} must be positive");
        if (BatchSize <= 0) throw new NasLidException($"batch size {BatchSize} must be positive");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new NasLidException($"learning rate {LearningRate} must be a positive number");
        if (Momentum is < 0 or >= 1) throw new NasLidException($"momentum {Momentum} must be in [0, 1)");
        if (WeightDecay < 0 || double.IsNaN(WeightDecay)) throw new NasLidException($"weight decay {WeightDecay} must be non-negative");
        if (MaxSteps is <= 0) throw new NasLidException($"max steps {MaxSteps} must be positive");
    }
}
