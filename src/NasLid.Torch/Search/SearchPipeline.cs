using System.Diagnostics;
using NasLid.Core;
using NasLid.Core.Partitioning;
using NasLid.Core.Search;
using NasLid.Kernels;
using NasLid.Torch.Characterisation;
using NasLid.Torch.Data;
using NasLid.Torch.Partition;
using NasLid.Torch.Supernets;
using NasLid.Torch.Training;

namespace NasLid.Torch.Search;

/// <summary>A candidate the search evaluated, in the form the report and the CLI print.</summary>
public sealed record FoundArchitecture(string Architecture, string OpIndices, int Leaf, string Mask, double ValidationAccuracy,
    double TestAccuracy, long Parameters, long Flops);

public sealed record EvolutionRecord(IReadOnlyList<GenerationRecord> History, IReadOnlyList<EvaluatedCandidate> Evaluated);

public sealed record EvaluatedCandidate(string Architecture, IReadOnlyList<int> Ops, int Leaf, double Accuracy);

public sealed record SearchResult(IReadOnlyList<FoundArchitecture> Best, int Evaluations);

/// <summary>
/// The whole NAS-LID pipeline as resumable stages (paper Alg. 1 and §4): warm-up of the supernet, T rounds of
/// partition (each sub-supernet trained briefly, characterised and split), fine-tuning of every leaf
/// sub-supernet from its parent's weights, and an evolutionary search that evaluates each candidate with its
/// own sub-supernet's weights. Every stage writes its output to the run folder before it is marked done.
/// </summary>
public sealed class SearchPipeline : IDisposable
{
    readonly SearchConfig _config;
    readonly RunFolder _run;
    readonly IProgressReporter _progress;
    readonly TextWriter _log;
    readonly Supernet _net;
    readonly Lazy<LoadedData> _data;

    public SearchPipeline(SearchConfig config, RunFolder run, IProgressReporter? progress = null, TextWriter? log = null)
    {
        config.Validate();
        // Every stage can run alone in a fresh process (a scheduler's split or report): each needs the thread count
        // training sets, not only those that train.
        TorchThreads.Configure();
        _config = config;
        _run = run;
        _progress = progress ?? SilentProgress.Instance;
        _log = log ?? TextWriter.Null;
        _data = new Lazy<LoadedData>(() => DataSets.Load(config.Data, new DataOptions { Seed = config.Seed }));
        _net = CreateSupernet();
        run.BindConfig(config);
    }

    public LoadedData Data => _data.Value;

    public void Dispose() => _net.Dispose();

    public static string LeafStage(int leaf) => $"finetune-{leaf}";
    public static string SplitStage(int node) => $"split-{node}";
    public string NodeCheckpoint(int node) => _run.PathOf($"checkpoints/node-{node}.ckpt");
    public string LeafCheckpoint(int leaf) => _run.PathOf($"checkpoints/leaf-{leaf}.ckpt");

    /// <summary>Runs every stage not yet done, in order, and returns the result.</summary>
    public SearchResult RunAll()
    {
        Stage("warmup", Warmup);
        if (_config.Criterion != Criterion.None)
        {
            Stage("separability", MeasureSeparability);
            for (int depth = 0; depth < _config.Rounds; depth++)
                foreach (var node in PartitionTree.AtDepth(depth))
                    Stage(SplitStage(node), () => Split(node));
        }
        for (int leaf = 0; leaf < _config.LeafCount; leaf++)
        {
            int i = leaf;
            Stage(LeafStage(i), () => Finetune(i));
        }
        Stage("evolution", Evolve);
        Stage("report", Report);
        return _run.ReadJson<SearchResult>("result.json");
    }

    /// <summary>Runs a stage that has no index (warmup, separability, evolution, report) on its own.</summary>
    public void RunOnly(string stage) => Stage(stage, stage switch
    {
        "warmup" => Warmup,
        "separability" => MeasureSeparability,
        "evolution" => Evolve,
        "report" => Report,
        _ => throw new NasLidException($"unknown stage '{stage}'"),
    });

    /// <summary>Runs one stage unless the run folder says it is done; a stage's prerequisites must be done.</summary>
    public void Stage(string name, Action body)
    {
        if (_run.IsDone(name))
        {
            _log.WriteLine($"[{name}] done already, skipped");
            return;
        }
        _log.WriteLine($"[{name}] started");
        var clock = Stopwatch.StartNew();
        body();
        _run.MarkDone(name, clock.Elapsed);
        _log.WriteLine($"[{name}] done in {clock.Elapsed.TotalSeconds:F1} s");
    }

    void Warmup()
    {
        var tree = new PartitionTree([new TreeNode(0, null, 0, SupernetMask.Full(_net.Space).ToString())]);
        _run.WriteJson("partition/tree.json", tree);
        Train(SupernetMask.Full(_net.Space), null, NodeCheckpoint(0), _config.WarmupEpochs, seedOffset: 0);
    }

    /// <summary>Separability (Eq. 7) of every layer of the warmed-up supernet under both criteria (paper Fig. 4).</summary>
    void MeasureSeparability()
    {
        LoadWeights(NodeCheckpoint(0));
        var mask = SupernetMask.Full(_net.Space);
        using var engine = LidEngines.Create(_config.Engine);
        var criteria = new ICandidateCharacterisation[] { new LidCharacterisation(engine, LidOptions()), new GradientMatching() };
        var rows = new List<SeparabilityRecord>();
        foreach (var layer in SupernetPartition.UnsplitLayers(mask))
        {
            var scores = criteria.Select(c =>
            {
                var vectors = c.Characterise(_net, mask, layer, CharacterisationBatches(0), new Rng(_config.Seed + 17));
                return Separability.Score(SupernetPartition.Compare(_net, vectors, c.Similarity));
            }).ToArray();
            rows.Add(new SeparabilityRecord(layer, _net.Space.Layers[layer].Name, scores[0], scores[1]));
            _log.WriteLine($"  separability {_net.Space.Layers[layer].Name}: LID {scores[0]:G4}, gradient {scores[1]:G4}");
        }
        _run.WriteJson("records/separability.json", rows);
    }

    /// <summary>One partition step on tree node <paramref name="node"/>: train it briefly (below the root), characterise, split.</summary>
    public void Split(int node)
    {
        if (_config.Criterion == Criterion.None)
            throw new NasLidException("this run has criterion none: it trains one supernet and splits nothing");
        int splits = PartitionTree.FirstAtDepth(_config.Rounds);
        if (node < 0 || node >= splits)
            throw new NasLidException(splits == 0
                ? $"node {node} is not split: this run has 0 rounds"
                : $"node {node} is not split in this run: {_config.Rounds} round(s) split nodes 0 to {splits - 1}");
        var tree = _run.ReadJson<PartitionTree>("partition/tree.json");
        var self = tree.Node(node);
        var mask = SupernetMask.Parse(self.Mask);
        if (node != 0)
            Train(mask, NodeCheckpoint(self.Parent!.Value), NodeCheckpoint(node), _config.RoundEpochs, seedOffset: (ulong)node);
        LoadWeights(NodeCheckpoint(node));
        using var engine = LidEngines.Create(_config.Engine);
        ICandidateCharacterisation method = _config.Criterion == Criterion.Gradient
            ? new GradientMatching()
            : new LidCharacterisation(engine, LidOptions());
        var record = SupernetPartition.Split(_net, mask, method, CharacterisationBatches((ulong)node),
            new Rng(_config.Seed * 7919 + (ulong)node), new PartitionSettings(_config.LayerRule, _config.Similarity));
        _run.WriteJson($"partition/split-{node}.json", record);
        var (a, b) = PartitionTree.Children(node);
        var chosen = record.Layers.Single(l => l.Layer == record.ChosenLayer);
        _log.WriteLine($"  node {node}: split {chosen.Name} into {{{string.Join(", ", chosen.GroupA.Select(o => chosen.OpNames[chosen.Ops.ToList().IndexOf(o)]))}}}" +
                       $" and {{{string.Join(", ", chosen.GroupB.Select(o => chosen.OpNames[chosen.Ops.ToList().IndexOf(o)]))}}} (gamma {chosen.Gamma:G4})");
        _run.WriteJson("partition/tree.json", tree.With(
            self with { SplitLayer = record.ChosenLayer, SplitLayerName = chosen.Name, Gamma = chosen.Gamma },
            new TreeNode(a, node, self.Depth + 1, record.ChildA),
            new TreeNode(b, node, self.Depth + 1, record.ChildB)));
    }

    /// <summary>Fine-tunes leaf sub-supernet <paramref name="leaf"/> from its parent's weights and momentum.</summary>
    public void Finetune(int leaf)
    {
        if (leaf < 0 || leaf >= _config.LeafCount)
            throw new NasLidException($"leaf {leaf} does not exist: this run has {_config.LeafCount} sub-supernets (0..{_config.LeafCount - 1})");
        var (mask, parentCheckpoint) = LeafOrigin(leaf);
        Train(mask, parentCheckpoint, LeafCheckpoint(leaf), _config.LeafFinetuneEpochs, seedOffset: 1000 + (ulong)leaf);
    }

    public IReadOnlyList<SupernetMask> LeafMasks() =>
        Enumerable.Range(0, _config.LeafCount).Select(l => LeafOrigin(l).Mask).ToArray();

    (SupernetMask Mask, string ParentCheckpoint) LeafOrigin(int leaf)
    {
        if (_config.Criterion == Criterion.None)
            return (SupernetMask.Full(_net.Space), NodeCheckpoint(0));
        var tree = _run.ReadJson<PartitionTree>("partition/tree.json");
        var node = tree.Node(PartitionTree.FirstAtDepth(_config.Rounds) + leaf);
        return (SupernetMask.Parse(node.Mask), NodeCheckpoint(node.Parent!.Value));
    }

    void Evolve()
    {
        var masks = LeafMasks();
        var leaves = Enumerable.Range(0, masks.Count).Select(LoadLeaf).ToArray();
        try
        {
            var evaluator = new SubnetEvaluator(Data, _config.CalibrationBatches, 128, _config.Seed);
            const string progressFile = "evolution/evaluated.json";
            var recorded = File.Exists(_run.PathOf(progressFile))
                ? _run.ReadJson<List<EvaluatedCandidate>>(progressFile).Select(e => new Candidate(new Architecture(e.Ops), e.Leaf, e.Accuracy))
                : [];
            var options = new EvolutionOptions(Population: _config.Population, Generations: _config.Generations,
                MutationChildren: (int)(_config.Population * 0.4), CrossoverChildren: (int)(_config.Population * 0.4));
            var evaluated = new List<Candidate>(recorded);
            var evolution = new Evolution(masks, (arch, leaf) =>
            {
                double accuracy = evaluator.Accuracy(leaves[leaf], arch);
                evaluated.Add(new Candidate(arch, leaf, accuracy));
                return accuracy;
            }, options, new Rng(_config.Seed + 4242), recorded);
            var result = evolution.Run((generation, population) =>
            {
                _run.WriteJson(progressFile, evaluated.Select(ToRecord).ToArray());
                _log.WriteLine($"  generation {generation + 1}/{options.Generations}: mean {population.Average(c => c.Fitness):P2}, " +
                               $"best {population.Max(c => c.Fitness):P2}, {evaluated.Count} evaluated");
            });
            _run.WriteJson("evolution/history.json", new EvolutionRecord(result.History, evaluated.Select(ToRecord).ToArray()));
        }
        finally
        {
            foreach (var leaf in leaves) leaf.Dispose();
        }
    }

    /// <summary>
    /// The best architectures by validation accuracy, with test accuracy (inherited weights), size and cost; the
    /// LID profiles of evaluated architectures against their accuracy (Fig. 1); the figures and the report.
    /// </summary>
    void Report()
    {
        var history = _run.ReadJson<EvolutionRecord>("evolution/history.json");
        var masks = LeafMasks();
        var evaluator = new SubnetEvaluator(Data, _config.CalibrationBatches, 128, _config.Seed);
        var best = new List<FoundArchitecture>();
        var profiles = new List<ProfileWithAccuracy>();
        var ranked = history.Evaluated.OrderByDescending(e => e.Accuracy).ToArray();
        // Isomorphic cells (differing only on dead edges) are one network: report each once.
        var top = ranked.DistinctBy(e => _net.Space.Canonical(new Architecture(e.Ops))).Take(5).ToHashSet();
        // Fig. 1 wants the whole accuracy range: the best ten and an even spread over the rest.
        var profiled = ranked.Take(10).Concat(ranked.Skip(10).Where((_, i) => i % Math.Max(1, (ranked.Length - 10) / 10) == 0)).ToHashSet();
        using var engine = LidEngines.Create(_config.Engine);
        var images = CharacterisationBatches(99)[0];
        foreach (var group in history.Evaluated.GroupBy(e => e.Leaf))
        {
            using var net = LoadLeaf(group.Key);
            foreach (var e in group.Where(top.Contains))
            {
                var arch = new Architecture(e.Ops);
                best.Add(new FoundArchitecture(e.Architecture, arch.IndexKey, e.Leaf, masks[e.Leaf].ToString(), e.Accuracy,
                    evaluator.Accuracy(net, arch, Data.Test), net.ParameterCount(arch), net.Flops(arch)));
            }
            foreach (var e in group.Where(profiled.Contains))
                profiles.Add(new ProfileWithAccuracy(e.Architecture,
                    LidProfiler.Measure(net, SupernetMask.SinglePath(net.Space, new Architecture(e.Ops)), images, engine, LidOptions()), e.Accuracy));
        }
        var result = new SearchResult(best.OrderByDescending(b => b.ValidationAccuracy).ToArray(), history.Evaluated.Count);
        _run.WriteJson("records/profiles.json", profiles);
        _run.WriteJson("result.json", result);

        var figures = new List<string>();
        if (profiles.Count > 0) Figure(figures, "plots/lid-profiles.png", p => Plots.LidProfiles(p, profiles));
        var separability = File.Exists(_run.PathOf("records/separability.json"))
            ? _run.ReadJson<List<SeparabilityRecord>>("records/separability.json") : null;
        if (separability is { Count: > 0 })
            Figure(figures, "plots/separability.png", p => Plots.Separability(p, separability.Select(s => new LayerSeparability(s.Name, s.Lid, s.Gradient)).ToArray()));
        Figure(figures, "plots/evolution.png", p => Plots.Evolution(p, history.History.Select(g => new GenerationAccuracy(g.Generation + 1, 100 * g.Mean, 100 * g.Std, 100 * g.Best)).ToArray()));
        var tree = _config.Criterion == Criterion.None ? null : _run.ReadJson<PartitionTree>("partition/tree.json");
        _run.WriteText("report.md", SearchReport.Markdown(_config, _run, tree, separability, history.History, result,
            (l, o) => _net.Space.Layers[l].Ops[o], figures));
    }

    /// <summary>
    /// Validation accuracy of each architecture with the weights of the sub-supernet that contains it: what the
    /// search believes, to be ranked against ground truth.
    /// </summary>
    public IReadOnlyDictionary<string, double> PredictAccuracy(IReadOnlyList<string> architectures)
    {
        var masks = LeafMasks();
        var parsed = architectures.Select(a => _net.Space.Parse(a)).ToArray();
        var evaluator = new SubnetEvaluator(Data, _config.CalibrationBatches, 128, _config.Seed);
        var predictions = new Dictionary<string, double>();
        foreach (var group in parsed.GroupBy(a => Evolution.MaskIndexOf(a, masks)))
        {
            using var net = LoadLeaf(group.Key);
            foreach (var arch in group)
                predictions[_net.Space.Format(arch)] = evaluator.Accuracy(net, arch);
            _log.WriteLine($"  sub-supernet {group.Key}: {group.Count()} architectures evaluated");
        }
        return predictions;
    }

    void Figure(List<string> figures, string relative, Action<string> draw)
    {
        draw(_run.PathOf(relative));
        figures.Add(relative);
    }

    /// <summary>
    /// RSPS training under <paramref name="mask"/>, starting from <paramref name="from"/>'s weights and momentum
    /// (or fresh weights), written to <paramref name="to"/>. A checkpoint left by an interrupted run of this same
    /// stage is resumed from its last saved step.
    /// </summary>
    void Train(SupernetMask mask, string? from, string to, int epochs, ulong seedOffset)
    {
        if (epochs == 0)
        {
            if (from is null) throw new NasLidException("warm-up needs at least one epoch");
            File.Copy(from, to, overwrite: true);
            return;
        }
        var options = new TrainingOptions(Epochs: epochs, BatchSize: _config.BatchSize, LearningRate: _config.LearningRate,
            Seed: _config.Seed * 1_000_003 + seedOffset);
        var trainer = new RspsTrainer(_net, Data, options, _progress);
        TrainingState state;
        if (File.Exists(to))
        {
            _log.WriteLine($"  resuming from {Path.GetFileName(to)}");
            state = trainer.Resume(to, mask);
        }
        else if (from is null)
            state = trainer.Begin(mask);
        else
        {
            using var parent = Checkpoint.Load(from, _net);
            state = trainer.Begin(mask, inheritFrom: parent);
        }
        using (state)
        {
            var result = trainer.Run(state, to);
            _log.WriteLine($"  trained {mask}: {result.Losses.Count} steps, last loss {result.Losses.LastOrDefault():F3}, {result.ImagesPerSecond:F0} images/s");
        }
    }

    Supernet LoadLeaf(int leaf)
    {
        var net = CreateSupernet();
        Checkpoint.Load(LeafCheckpoint(leaf), net).Dispose();
        return net;
    }

    void LoadWeights(string checkpoint) => Checkpoint.Load(checkpoint, _net).Dispose();

    Supernet CreateSupernet() => Supernets.Supernets.Create(new SupernetConfig(_config.Space, _config.Width, _config.Depth,
        Data.Resolution, Data.Channels, Data.Classes), _config.Seed);

    LidOptions LidOptions() => new(_config.K, _config.LidFormula);

    /// <summary>The same training images for every candidate of a node, without augmentation.</summary>
    IReadOnlyList<Batch> CharacterisationBatches(ulong seed)
    {
        var loader = new BatchLoader(Data.Train, Data.Normalisation, Augmentation.None, _config.CharacterisationBatchSize,
            _config.Seed + seed, shuffle: true, dropLast: true);
        var batches = loader.Epoch(0).Take(_config.CharacterisationBatches).ToArray();
        if (batches.Length < _config.CharacterisationBatches)
            throw new NasLidException($"data {Data.Name} has {Data.Train.Count} training images, too few for {_config.CharacterisationBatches} " +
                                      $"characterisation batch(es) of {_config.CharacterisationBatchSize}; lower --char-batches or --char-batch-size");
        return batches;
    }

    EvaluatedCandidate ToRecord(Candidate c) => new(_net.Space.Format(c.Architecture), c.Architecture.Ops, c.MaskIndex, c.Fitness);
}

public sealed record SeparabilityRecord(int Layer, string Name, double Lid, double Gradient);
