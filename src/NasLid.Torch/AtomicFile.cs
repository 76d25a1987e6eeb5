namespace NasLid.Torch;

/// <summary>
/// Writes a file through a temporary sibling and a rename: a reader, or a run killed at any moment, sees the
/// old file or the new one, never half of one.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write) => Replace(path, temporary =>
    {
        using var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write);
        write(stream);
        stream.Flush(flushToDisk: true);
    });

    /// <summary>For writers that insist on a path of their own: <paramref name="write"/> fills the temporary path.</summary>
    public static void Replace(string path, Action<string> write)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = $"{full}.tmp-{Environment.ProcessId}";
        write(temporary);
        File.Move(temporary, full, overwrite: true);
    }
}
