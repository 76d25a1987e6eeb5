using NasLid.Kernels.Interop;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasLid.Torch.Training;

/// <summary>
/// SGD with nesterov momentum and L2 weight decay, the update PyTorch's <c>torch.optim.SGD</c> makes
/// (dampening 0; the first step's buffer is the gradient itself). Parameters without a gradient in a step —
/// the candidate ops RSPS did not sample — are left alone, buffer and all, as PyTorch does after
/// <c>zero_grad(set_to_none=True)</c>. Written out here so the momentum buffers are plainly ours: checkpoints
/// save them by parameter name and child sub-supernets inherit them.
/// </summary>
public sealed class NesterovSgd : IDisposable
{
    readonly (string Name, Parameter Parameter)[] _parameters;
    readonly Dictionary<string, Tensor> _momentum = new(StringComparer.Ordinal);

    public NesterovSgd(IEnumerable<(string Name, Parameter Parameter)> parameters, double momentum, double weightDecay)
    {
        _parameters = parameters.ToArray();
        Momentum = momentum;
        WeightDecay = weightDecay;
    }

    public double Momentum { get; }
    public double WeightDecay { get; }

    /// <summary>Momentum buffers by parameter name; a parameter that never had a gradient has none yet.</summary>
    public IReadOnlyDictionary<string, Tensor> MomentumBuffers => _momentum;

    public IEnumerable<(string Name, Parameter Parameter)> Parameters => _parameters;

    /// <summary>Takes a copy of <c>buffer</c> as the momentum of parameter <c>name</c> (checkpoints, inheritance).</summary>
    public void SetMomentum(string name, Tensor buffer)
    {
        var copy = buffer.detach().clone().DetachFromDisposeScope();
        if (_momentum.Remove(name, out var old))
            old.Dispose();
        _momentum[name] = copy;
    }

    public void ZeroGrad()
    {
        foreach (var (_, p) in _parameters)
            if (p.grad is { } g)
            {
                p.grad = null;
                g.Dispose();
            }
    }

    public void Step(double learningRate)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var (name, p) in _parameters)
        {
            if (p.grad is not { } grad)
                continue;
            var d = WeightDecay != 0 ? grad.Plus(p, WeightDecay) : grad.clone();
            if (Momentum != 0)
            {
                if (_momentum.TryGetValue(name, out var buffer))
                    buffer.TimesInPlace(Momentum).PlusInPlace(d);
                else
                    _momentum[name] = d.clone().DetachFromDisposeScope();
                d.PlusInPlace(_momentum[name], Momentum);
            }
            p.PlusInPlace(d, -learningRate);
        }
    }

    public void Dispose()
    {
        foreach (var buffer in _momentum.Values)
            buffer.Dispose();
        _momentum.Clear();
    }
}
