namespace NasLid.Torch.Training;

/// <summary>Cosine annealing without restarts from the base rate to zero over the whole run, evaluated per step.</summary>
public static class CosineSchedule
{
    public static double LearningRate(double baseRate, long step, long totalSteps) =>
        0.5 * baseRate * (1 + Math.Cos(Math.PI * step / totalSteps));
}
