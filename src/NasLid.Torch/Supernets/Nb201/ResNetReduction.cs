using NasLid.Kernels.Interop;
using TorchSharp;
using static TorchSharp.torch;

namespace NasLid.Torch.Supernets.Nb201;

/// <summary>
/// NAS-Bench-201's reduction block between stages, a stride-2 ResNet basic block:
/// ReLU-conv3x3(s2)-BN, ReLU-conv3x3-BN, plus a shortcut of 2x2 average pooling and a bias-free 1x1 convolution.
/// </summary>
public sealed class ResNetReduction : nn.Module<Tensor, Tensor>
{
    readonly ReluConvBn conv_a;
    readonly ReluConvBn conv_b;
    readonly nn.Module<Tensor, Tensor> downsample;
    readonly long inChannels, outChannels;

    public ResNetReduction(long inChannels, long outChannels) : base(nameof(ResNetReduction))
    {
        (this.inChannels, this.outChannels) = (inChannels, outChannels);
        conv_a = new ReluConvBn(inChannels, outChannels, 3, 2);
        conv_b = new ReluConvBn(outChannels, outChannels, 3, 1);
        downsample = nn.Sequential(
            ("0", nn.AvgPool2d(2, stride: 2)),
            ("1", nn.Conv2d(inChannels, outChannels, 1, bias: false)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(downsample.call(input).Plus(conv_b.call(conv_a.call(input))));
    }

    /// <summary>Multiply-accumulates on an input of side <paramref name="side"/> (divisible by 2).</summary>
    public long MacsAt(int side)
    {
        int outSide = side / 2;
        return Macs.Conv(inChannels, outChannels, 3, outSide, outSide)
             + Macs.Conv(outChannels, outChannels, 3, outSide, outSide)
             + Macs.Conv(inChannels, outChannels, 1, outSide, outSide);
    }
}
