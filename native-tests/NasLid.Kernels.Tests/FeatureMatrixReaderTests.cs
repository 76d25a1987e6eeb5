using System.Text;
using NasLid.Core;
using NasLid.Kernels.Io;
using NUnit.Framework;

namespace NasLid.Kernels.Tests;

/// <summary>.npy files built byte by byte as NumPy writes them (magic, version, header dict padded to 64).</summary>
public class FeatureMatrixReaderTests
{
    static byte[] Npy(string descr, string shape, byte[] data, bool fortran = false, bool pad = true, int major = 1)
    {
        var dict = $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': ({shape}), }}";
        int prefix = major == 1 ? 10 : 12;
        int total = prefix + dict.Length + 1;
        var header = dict + (pad ? new string(' ', (64 - total % 64) % 64) : "") + "\n";
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, 0 };
        bytes.AddRange(major == 1 ? BitConverter.GetBytes((ushort)header.Length) : BitConverter.GetBytes((uint)header.Length));
        bytes.AddRange(Encoding.Latin1.GetBytes(header));
        bytes.AddRange(data);
        return bytes.ToArray();
    }

    static byte[] Floats(params float[] v) => v.SelectMany(BitConverter.GetBytes).ToArray();

    [TestCase(true, 1)]
    [TestCase(false, 1)]
    [TestCase(true, 2)]
    public void ReadsLittleEndianFloat32WithOrWithoutPadding(bool pad, int major)
    {
        var m = FeatureMatrixReader.ReadNpy("a.npy", Npy("<f4", "2, 3", Floats(1, 2, 3, 4, 5, 6), pad: pad, major: major));
        Assert.That((m.Rows, m.Columns), Is.EqualTo((2, 3)));
        Assert.That(m.Values, Is.EqualTo(new float[] { 1, 2, 3, 4, 5, 6 }));
    }

    [Test]
    public void ConvertsFloat64()
    {
        var data = new double[] { 0.5, -1.25, 3, 1e10 }.SelectMany(BitConverter.GetBytes).ToArray();
        var m = FeatureMatrixReader.ReadNpy("b.npy", Npy("<f8", "2, 2", data));
        Assert.That(m.Values, Is.EqualTo(new float[] { 0.5f, -1.25f, 3, 1e10f }));
    }

    [Test]
    public void FortranOrderIsAClearErrorNamingTheFile()
    {
        var e = Assert.Throws<NasLidException>(() => FeatureMatrixReader.ReadNpy("f.npy", Npy("<f4", "2, 2", Floats(1, 2, 3, 4), fortran: true)))!;
        Assert.That(e.Message, Does.StartWith("f.npy").And.Contain("Fortran"));
    }

    [TestCase("4,")]
    [TestCase("2, 1, 2")]
    public void WrongDimensionsAreAClearError(string shape)
    {
        var e = Assert.Throws<NasLidException>(() => FeatureMatrixReader.ReadNpy("d.npy", Npy("<f4", shape, Floats(1, 2, 3, 4))))!;
        Assert.That(e.Message, Does.StartWith("d.npy").And.Contain("2-D"));
    }

    [TestCase(">f4")]
    [TestCase("<i4")]
    public void OtherDtypesAreAClearError(string descr)
    {
        var e = Assert.Throws<NasLidException>(() => FeatureMatrixReader.ReadNpy("t.npy", Npy(descr, "2, 2", Floats(1, 2, 3, 4))))!;
        Assert.That(e.Message, Does.StartWith("t.npy").And.Contain(descr));
    }

    [Test]
    public void TruncatedDataAndBadMagicAreClearErrors()
    {
        Assert.That(Assert.Throws<NasLidException>(() => FeatureMatrixReader.ReadNpy("s.npy", Npy("<f4", "3, 2", Floats(1, 2))))!.Message,
            Does.StartWith("s.npy").And.Contain("needs 24 data bytes"));
        Assert.That(Assert.Throws<NasLidException>(() => FeatureMatrixReader.ReadNpy("m.npy", new byte[20]))!.Message,
            Does.StartWith("m.npy").And.Contain("magic"));
    }

    [Test]
    public void CsvRowsOfUnequalLengthOrTextAreClearErrors()
    {
        var path = Path.Combine(Path.GetTempPath(), $"naslid-{Guid.NewGuid():N}.csv");
        try
        {
            File.WriteAllText(path, "1,2,3\n4,5,6\n");
            var m = FeatureMatrixReader.Read(path);
            Assert.That((m.Rows, m.Columns, m.Values[5]), Is.EqualTo((2, 3, 6f)));
            File.WriteAllText(path, "1,2,3\n4,5\n");
            Assert.That(Assert.Throws<NasLidException>(() => FeatureMatrixReader.Read(path))!.Message, Does.Contain(path).And.Contain("line 2"));
            File.WriteAllText(path, "1,x,3\n");
            Assert.That(Assert.Throws<NasLidException>(() => FeatureMatrixReader.Read(path))!.Message, Does.Contain("'x'"));
        }
        finally { File.Delete(path); }
    }
}
