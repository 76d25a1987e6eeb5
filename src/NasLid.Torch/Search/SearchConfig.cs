using NasLid.Core;
using NasLid.Core.Partitioning;
using NasLid.Kernels;

namespace NasLid.Torch.Search;

/// <summary>Which characterisation splits the supernet: NAS-LID, the GM-NAS baseline, or none (plain one-shot RSPS).</summary>
public enum Criterion { Lid, Gradient, None }

/// <summary>
/// Everything that decides a search's result. It is written to the run folder, and a resumed run must match it.
/// The defaults are sized so that the whole pipeline finishes in minutes on a 2-core laptop: NB201 at C = 8,
/// N = 1 on 28×28 Fashion-MNIST. The paper's values are the comments.
/// </summary>
public sealed record SearchConfig
{
    public string Space { get; init; } = "nb201";
    public int Width { get; init; } = 8;
    public int Depth { get; init; } = 1;
    /// <summary>Null: the Fashion-MNIST subset embedded in the repository.</summary>
    public string? Data { get; init; }
    public Criterion Criterion { get; init; } = Criterion.Lid;
    /// <summary>Partition rounds T: 2^T sub-supernets (paper: 4).</summary>
    public int Rounds { get; init; } = 2;
    public int WarmupEpochs { get; init; } = 3;
    /// <summary>Training of each sub-supernet between rounds, before it is characterised.</summary>
    public int RoundEpochs { get; init; } = 1;
    public int FinetuneEpochs { get; init; } = 2;
    public int BatchSize { get; init; } = 64;
    public double LearningRate { get; init; } = 0.05;
    public int K { get; init; } = 20;
    public LidFormula LidFormula { get; init; } = LidFormula.Exact;
    public string Engine { get; init; } = "cpu";
    /// <summary>Batches averaged per LID profile or gradient (paper: 50 of 128).</summary>
    public int CharacterisationBatches { get; init; } = 4;
    public int CharacterisationBatchSize { get; init; } = 128;
    public SimilarityMeasure? Similarity { get; init; }
    public LayerChoiceRule LayerRule { get; init; } = LayerChoiceRule.HighestGamma;
    public int Population { get; init; } = 20;
    public int Generations { get; init; } = 8;
    public int CalibrationBatches { get; init; } = 4;
    public ulong Seed { get; init; }

    /// <summary>
    /// Everything a stage would refuse later is refused here, before the config is bound to a run folder: a
    /// setting found bad hours into a run could otherwise not be corrected there, since a resume must match it.
    /// </summary>
    public void Validate()
    {
        if (!SearchSpaces.Names.Contains(Space))
            throw new NasLidException($"unknown search space '{Space}'; expected one of {string.Join(", ", SearchSpaces.Names)}");
        if (Rounds < 0 || Rounds > 10) throw new NasLidException($"rounds {Rounds} must be between 0 and 10");
        if (Rounds == 0 && Criterion != Criterion.None)
            throw new NasLidException($"rounds 0 splits nothing, so criterion {Criterion.ToString().ToLowerInvariant()} would never be used: use 1 to 10 rounds, or --criterion none for one unsplit supernet");
        if (WarmupEpochs < 1) throw new NasLidException($"warm-up epochs {WarmupEpochs} must be at least 1: the supernet starts from random weights");
        if (RoundEpochs < 0 || FinetuneEpochs < 0)
            throw new NasLidException("epochs must not be negative");
        if (BatchSize <= 0) throw new NasLidException($"batch size {BatchSize} must be positive");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new NasLidException($"learning rate {LearningRate} must be a positive number");
        if (K < 1) throw new NasLidException($"k = {K} must be at least 1");
        if (CalibrationBatches <= 0) throw new NasLidException($"calibration batches {CalibrationBatches} must be positive");
        if (!LidEngines.Names.Contains(Engine.Trim().ToLowerInvariant()))
            throw new NasLidException($"unknown LID engine '{Engine}': use {string.Join(", ", LidEngines.Names)}");
        if (CharacterisationBatchSize <= K)
            throw new NasLidException($"characterisation batch size {CharacterisationBatchSize} must exceed k = {K} (LID needs k neighbours besides each row)");
        if (CharacterisationBatches <= 0) throw new NasLidException($"characterisation batches {CharacterisationBatches} must be positive");
        if (Population < 2 || Generations < 1) throw new NasLidException($"population {Population} must be at least 2 and generations {Generations} at least 1");
        NasLid.Torch.Data.DataSets.RequireFolder(Data);
    }

    /// <summary>Sub-supernets the partition produces: 2^T, or one supernet when nothing is split.</summary>
    public int LeafCount => Criterion == Criterion.None ? 1 : 1 << Rounds;

    /// <summary>
    /// Fine-tuning epochs of each leaf. Without a split the single supernet gets every epoch the split runs
    /// spend on training after warm-up, so the criteria are compared on the same training budget.
    /// </summary>
    public int LeafFinetuneEpochs
    {
        get
        {
            if (Criterion != Criterion.None) return FinetuneEpochs;
            int betweenRounds = Enumerable.Range(2, Math.Max(0, Rounds - 1)).Sum(r => 1 << (r - 1)) * RoundEpochs;
            return betweenRounds + (1 << Rounds) * FinetuneEpochs;
        }
    }
}
