using TorchSharp;
using static TorchSharp.torch;

namespace NasLid.Torch.Supernets.Nb201;

/// <summary>NAS-Bench-201's ReLUConvBN: ReLU, then a bias-free convolution with padding k/2, then affine BatchNorm.</summary>
public sealed class ReluConvBn : nn.Module<Tensor, Tensor>
{
    readonly nn.Module<Tensor, Tensor> op;

    public ReluConvBn(long inChannels, long outChannels, long kernel, long stride) : base(nameof(ReluConvBn))
    {
        op = nn.Sequential(
            ("0", nn.ReLU()),
            ("1", nn.Conv2d(inChannels, outChannels, kernel, stride: stride, padding: kernel / 2, bias: false)),
            ("2", new StableBatchNorm2d(outChannels)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => op.call(input);
}
