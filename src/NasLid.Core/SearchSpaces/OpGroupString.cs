namespace NasLid.Core;

/// <summary>One op token of an architecture string and the 0-based character where it starts.</summary>
public readonly record struct OpToken(string Text, int Position);

/// <summary>
/// The grammar every space's architecture string shares, NAS-Bench-201's API format: groups of ops joined by
/// '+', each group written <c>|op|op|...|</c>. The spaces give the tokens meaning; this class only finds
/// them, and says at which character a string stops following the grammar.
/// </summary>
public static class OpGroupString
{
    public static string Format(IEnumerable<IEnumerable<string>> groups) =>
        string.Join("+", groups.Select(g => "|" + string.Join("|", g) + "|"));

    /// <summary>
    /// Splits <paramref name="text"/> into the groups <paramref name="groups"/> describes, each a label that
    /// names it in errors ("node 2", "stage 3") and its number of ops. Once the last group has its ops, anything
    /// left is reported as extra characters.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<OpToken>> Parse(string space, string text, IReadOnlyList<(string Label, int Ops)> groups)
    {
        NasLidException Error(string what) => new($"{space} architecture '{text}': {what}");

        var result = new List<IReadOnlyList<OpToken>>();
        int pos = 0;
        for (int g = 0; g < groups.Count; g++)
        {
            string name = $"group {g + 1} ({groups[g].Label})";
            if (pos >= text.Length)
                throw Error($"missing group {g + 1} of {groups.Count} ({groups[g].Label}) at the end");
            if (g > 0)
            {
                if (text[pos] != '+')
                    throw Error($"expected '+' before {name} at character {pos + 1}, found '{text[pos]}'");
                pos++;
                if (pos >= text.Length)
                    throw Error($"missing group {g + 1} of {groups.Count} ({groups[g].Label}) after the '+' at character {pos}");
            }
            if (text[pos] != '|')
                throw Error($"{name} must start with '|' at character {pos + 1}, found '{text[pos]}'");
            int groupStart = pos++;
            bool last = g == groups.Count - 1;
            var ops = new List<OpToken>();
            while (!(last && ops.Count == groups[g].Ops))
            {
                int start = pos;
                while (pos < text.Length && text[pos] is not ('|' or '+')) pos++;
                if (start == pos)
                    throw Error($"empty op at character {start + 1} in {name}");
                if (pos >= text.Length || text[pos] == '+')
                    throw Error($"op '{text[start..pos]}' at character {start + 1} is not closed by '|'");
                ops.Add(new OpToken(text[start..pos], start));
                pos++;
                if (pos >= text.Length || text[pos] == '+') break;
            }
            if (ops.Count != groups[g].Ops)
                throw Error($"{name} has {ops.Count} op(s) from character {groupStart + 1}, expected {groups[g].Ops}");
            result.Add(ops);
        }
        if (pos < text.Length)
            throw Error($"extra characters '{text[pos..]}' at character {pos + 1}, after the last group ({groups[^1].Label})");
        return result;
    }

    /// <summary>The index of <paramref name="token"/> in <paramref name="ops"/>, or an error listing the valid names.</summary>
    public static int OpIndex(string space, string text, OpToken token, string opText, IReadOnlyList<string> ops, string where)
    {
        for (int i = 0; i < ops.Count; i++)
            if (ops[i] == opText) return i;
        throw new NasLidException(
            $"{space} architecture '{text}': unknown op '{opText}' at character {token.Position + 1} ({where}); expected one of {string.Join(", ", ops)}");
    }
}
