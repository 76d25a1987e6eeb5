using NasLid.Core;
using NasLid.Torch.Characterisation;
using NasLid.Torch.Data;
using NasLid.Torch.Supernets;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasLid.Torch.Training;

/// <summary>
/// Accuracy of one architecture with weights inherited from a (sub-)supernet (SPEC §5). The running BatchNorm
/// statistics a supernet keeps are a blend over every sampled path and fit no single one, so first they are
/// re-estimated for this path (Once-for-All's recalibration): reset, cumulative averaging, forwards in
/// training mode on a few training batches without gradients. The supernet's own statistics are put back
/// afterwards, so evaluating never changes the supernet.
/// </summary>
public sealed class SubnetEvaluator
{
    readonly LoadedData _data;
    readonly BatchLoader _calibration;
    readonly int _calibrationBatches;
    readonly int _batchSize;

    public SubnetEvaluator(LoadedData data, int calibrationBatches = 10, int batchSize = 128, ulong seed = 0)
    {
        if (calibrationBatches <= 0)
            throw new NasLidException($"calibration batches {calibrationBatches} must be positive");
        _data = data;
        _batchSize = batchSize;
        _calibrationBatches = calibrationBatches;
        _calibration = new BatchLoader(data.Train, data.Normalisation, Augmentation.None, batchSize, seed, shuffle: true, dropLast: true);
    }

    /// <summary>
    /// Top-1 accuracy in [0, 1] on <c>evaluateOn</c> (the validation split when null). A network trained alone
    /// already holds its own path's statistics: pass <c>recalibrate: false</c> to evaluate it as it is.
    /// </summary>
    public double Accuracy(Supernet net, Architecture architecture, ImageDataset? evaluateOn = null, bool recalibrate = true)
    {
        evaluateOn ??= _data.Validation;
        var device = net.parameters().First().device;
        var norms = net.modules().OfType<NormBase>().Where(n => n.track_running_stats).ToArray();
        bool wasTraining = net.training;
        var momenta = norms.Select(n => n.momentum).ToArray();
        using var preserved = BatchNormStatistics.Preserve(net);
        try
        {
            using var noGrad = no_grad();
            if (recalibrate) Recalibrate(net, architecture, norms, device);
            return Evaluate(net, architecture, evaluateOn, device);
        }
        finally
        {
            for (int i = 0; i < norms.Length; i++)
                norms[i].momentum = momenta[i];
            net.train(wasTraining);
        }
    }

    void Recalibrate(Supernet net, Architecture architecture, NormBase[] norms, Device device)
    {
        foreach (var norm in norms)
        {
            norm.reset_running_stats();
            norm.momentum = null;
        }
        net.train();
        foreach (var batch in _calibration.Epoch(0).Take(_calibrationBatches))
        {
            using var scope = NewDisposeScope();
            var (images, _) = batch.ToTensors(device);
            net.Forward(images, architecture);
        }
    }

    double Evaluate(Supernet net, Architecture architecture, ImageDataset data, Device device)
    {
        net.eval();
        var loader = new BatchLoader(data, _data.Normalisation, Augmentation.None, _batchSize, 0, shuffle: false, dropLast: false);
        long correct = 0;
        foreach (var batch in loader.Epoch(0))
        {
            using var scope = NewDisposeScope();
            var (images, labels) = batch.ToTensors(device);
            correct += net.Forward(images, architecture).argmax(1).eq(labels).sum().item<long>();
        }
        return (double)correct / data.Count;
    }
}
