using NUnit.Framework;

namespace NasLid.Tests.Partition;

public class MemoryVerbTests : TempFolderTest
{
    /// <summary>
    /// A batch of at most k images has no LID. It used to be taken for "does not fit": the verb halved the batch
    /// down to 1 and then claimed the input did not fit in memory.
    /// </summary>
    [Test]
    public void ABatchOfAtMostKImagesIsRefusedNamingTheInputAndK()
    {
        var error = new StringWriter();
        int code = NasLid.Cli.Cli.Run(["memory", "--space", "nb201", "--inputs", "10x3x32x32", "--out", Path.Combine(Folder, "m.json")],
            new StringWriter(), error);
        Assert.That(code, Is.EqualTo(1), error.ToString());
        Assert.That(error.ToString(), Does.Contain("10x3x32x32").And.Contain("k = 20").And.Not.Contain("does not fit"));
        Assert.That(File.Exists(Path.Combine(Folder, "m.json")), Is.False);
    }
}
