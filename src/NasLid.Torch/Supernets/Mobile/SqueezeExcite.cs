using TorchSharp;
using static TorchSharp.torch;

namespace NasLid.Torch.Supernets.Mobile;

/// <summary>MobileNetV3's squeeze-and-excitation: pooled channels through a 1/4 bottleneck scale the input (hard sigmoid).</summary>
public sealed class SqueezeExcite : nn.Module<Tensor, Tensor>
{
    public const int Reduction = 4;

    readonly nn.Module<Tensor, Tensor> fc;
    readonly long channels, reduced;

    public SqueezeExcite(long channels) : base(nameof(SqueezeExcite))
    {
        this.channels = channels;
        reduced = Math.Max(1, channels / Reduction);
        fc = nn.Sequential(
            ("reduce", nn.Conv2d(channels, reduced, 1)),
            ("relu", nn.ReLU()),
            ("expand", nn.Conv2d(reduced, channels, 1)),
            ("h_sigmoid", nn.Hardsigmoid()));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(input * fc.call(input.mean([2, 3], keepdim: true)));
    }

    /// <summary>Multiply-accumulates of the two 1x1 convolutions on the pooled channels.</summary>
    public long MacCount => Macs.Conv(channels, reduced, 1, 1, 1, bias: true) + Macs.Conv(reduced, channels, 1, 1, 1, bias: true);
}
