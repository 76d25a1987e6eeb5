using System.Diagnostics;
using NasLid.Core;
using NasLid.Torch.Data;
using NasLid.Torch.Supernets;
using static TorchSharp.torch;

namespace NasLid.Torch.Training;

/// <summary>
/// One-shot training by random single-path sampling (RSPS, SPEC §5): every step draws, for each searchable
/// layer, one of the ops the mask enables, uniformly, and trains that path on one batch with cross-entropy.
/// The same loop fine-tunes a child sub-supernet (a new mask, the parent's weights and momentum) and trains a
/// single architecture stand-alone (a one-hot mask, see <see cref="StandaloneTrainer"/>).
/// </summary>
public sealed class RspsTrainer
{
    readonly Supernet _net;
    readonly LoadedData _data;
    readonly TrainingOptions _options;
    readonly IProgressReporter _progress;
    readonly BatchLoader _loader;

    public RspsTrainer(Supernet net, LoadedData data, TrainingOptions options, IProgressReporter? progress = null)
    {
        options.Validate();
        TorchThreads.Configure();
        _net = net;
        _data = data;
        _options = options;
        _progress = progress ?? SilentProgress.Instance;
        _loader = new BatchLoader(data.Train, data.Normalisation, data.Augmentation, options.BatchSize, options.Seed,
            shuffle: true, dropLast: true, options.Prefetch);
    }

    /// <summary>
    /// A fresh run over <c>mask</c> from step 0. Passing <c>inheritFrom</c> (the parent's state) starts the
    /// optimizer with the parent's momentum buffers: fine-tuning a child sub-supernet after a split.
    /// </summary>
    public TrainingState Begin(SupernetMask mask, TrainingState? inheritFrom = null)
    {
        CheckMask(mask);
        long perEpoch = _loader.BatchesPerEpoch;
        long total = Math.Min(_options.Epochs * perEpoch, _options.MaxSteps ?? long.MaxValue);
        var optimizer = new NesterovSgd(_net.named_parameters(), _options.Momentum, _options.WeightDecay);
        if (inheritFrom is not null)
            foreach (var (name, buffer) in inheritFrom.Optimizer.MomentumBuffers)
                optimizer.SetMomentum(name, buffer);
        return new TrainingState(mask, _options, 0, total, _loader.BatchesPerEpoch, new Rng(_options.Seed), optimizer);
    }

    /// <summary>Loads a checkpoint written by this kind of run into the supernet and returns its state.</summary>
    public TrainingState Resume(string checkpointPath, SupernetMask? expectedMask = null) =>
        Checkpoint.Load(checkpointPath, _net, expectedMask, (_options, _loader.BatchesPerEpoch));

    /// <summary>
    /// Trains from the state's step until the schedule ends or <c>stopAtStep</c> is reached, writing a
    /// checkpoint every <c>checkpointEvery</c> steps (0 = never), at each epoch's end and at the stop.
    /// </summary>
    public TrainingResult Run(TrainingState state, string? checkpointPath = null, int checkpointEvery = 0, long? stopAtStep = null)
    {
        CheckMask(state.Mask);
        var device = _net.parameters().First().device;
        long first = state.Step, stop = Math.Min(state.TotalSteps, stopAtStep ?? long.MaxValue);
        var losses = new List<float>();
        var clock = Stopwatch.StartNew();
        double epochLoss = 0;
        int epochSteps = 0;
        _net.train();
        while (state.Step < stop)
        {
            int epoch = state.Epoch;
            foreach (var batch in _loader.Epoch(epoch, (int)(state.Step % state.BatchesPerEpoch)))
            {
                float loss = TrainStep(state, batch, device);
                losses.Add(loss);
                state.Step++;
                epochLoss += loss;
                epochSteps++;
                bool epochEnd = state.Step % state.BatchesPerEpoch == 0;
                if (checkpointPath is not null && (epochEnd || state.Step == stop || (checkpointEvery > 0 && state.Step % checkpointEvery == 0)))
                    Checkpoint.Save(checkpointPath, _net, state);
                _progress.Report(Progress(state, epochLoss / epochSteps, state.Step - first, clock.Elapsed));
                if (epochEnd)
                    (epochLoss, epochSteps) = (0, 0);
                if (state.Step >= stop)
                    break;
            }
        }
        var elapsed = clock.Elapsed;
        _progress.Finish(Progress(state, epochSteps > 0 ? epochLoss / epochSteps : losses.LastOrDefault(), state.Step - first, elapsed));
        return new TrainingResult(losses, first, elapsed, Throughput(state.Step - first, elapsed));
    }

    float TrainStep(TrainingState state, Batch batch, Device device)
    {
        using var scope = NewDisposeScope();
        var (images, labels) = batch.ToTensors(device);
        var path = SubSupernet.SamplePath(state.Mask, state.PathRng);
        var logits = _net.Forward(images, path);
        var loss = nn.functional.cross_entropy(logits, labels);
        state.Optimizer.ZeroGrad();
        loss.backward();
        state.Optimizer.Step(CosineSchedule.LearningRate(state.Options.LearningRate, state.Step, state.TotalSteps));
        float value = loss.item<float>();
        if (!float.IsFinite(value))
            throw new NasLidException($"training loss became {value} at step {state.Step} (epoch {state.Epoch + 1}) under mask {state.Mask}; lower the learning rate ({state.Options.LearningRate})");
        return value;
    }

    TrainingProgress Progress(TrainingState state, double loss, long stepsDone, TimeSpan elapsed)
    {
        double perStep = stepsDone > 0 ? elapsed.TotalSeconds / stepsDone : 0;
        int epoch = (int)(Math.Max(0, state.Step - 1) / state.BatchesPerEpoch);
        bool endOfEpoch = state.Step > 0 && state.Step % state.BatchesPerEpoch == 0;
        return new TrainingProgress(epoch, state.Epochs, state.Step, state.TotalSteps, endOfEpoch, loss,
            Throughput(stepsDone, elapsed), elapsed, TimeSpan.FromSeconds(perStep * (state.TotalSteps - state.Step)));
    }

    double Throughput(long steps, TimeSpan elapsed) =>
        elapsed.TotalSeconds > 0 ? steps * _options.BatchSize / elapsed.TotalSeconds : 0;

    void CheckMask(SupernetMask mask)
    {
        var layers = _net.Space.Layers;
        if (mask.LayerCount != layers.Count || Enumerable.Range(0, layers.Count).Any(l => mask.OpCount(l) != layers[l].Ops.Count))
            throw new NasLidException($"mask {mask} does not fit space {_net.Space.Name} ({layers.Count} layers with {string.Join(",", layers.Select(l => l.Ops.Count))} ops)");
        if (_data.Channels != _net.Config.InputChannels || _data.Classes != _net.Config.Classes)
            throw new NasLidException($"data {_data.Name} has {_data.Channels} channels and {_data.Classes} classes; the supernet expects {_net.Config.InputChannels} and {_net.Config.Classes}");
    }
}
