using NasLid.Torch.Training;
using NUnit.Framework;

namespace NasLid.Tests.Training;

public class PyTorchExportTests : TempFolderTest
{
    [Test]
    public void ExportedWeightsLoadBackIntoAFreshSupernet()
    {
        using var net = TinySupernet.Create(seed: 1);
        var path = Path.Combine(Folder, "tiny.pth");
        PyTorchExport.Save(net, path);

        using var other = TinySupernet.Create(seed: 2);
        PyTorchExport.Load(other, path);

        Assert.That(File.ReadAllBytes(path)[..2], Is.EqualTo(new byte[] { 0x50, 0x4b }), "a zip archive, PyTorch's torch.save format");
        var expected = net.state_dict();
        foreach (var (name, tensor) in other.state_dict())
            Assert.That(tensor.equal(expected[name]).all().item<bool>(), Is.True, name);
    }
}
