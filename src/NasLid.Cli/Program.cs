using CommandLine;
using NasLid.Cli;
using NasLid.Core;

return Cli.Run(args);

namespace NasLid.Cli
{
    /// <summary>A verb of the naslid command: parsed options that know how to run themselves.</summary>
    public interface IVerb
    {
        int Run();
    }

    public static class Cli
    {
        /// <summary>Every verb, in the order `naslid --help` lists them.</summary>
        public static readonly Type[] Verbs =
        [
            typeof(SearchVerb), typeof(LidVerb), typeof(ArchVerb), typeof(SplitVerb),
            typeof(MemoryVerb), typeof(GroundTruthVerb), typeof(RankVerb),
        ];

        public static int Run(string[] args, TextWriter? output = null, TextWriter? error = null)
        {
            output ??= Console.Out;
            error ??= Console.Error;
            var parser = new Parser(s =>
            {
                s.HelpWriter = output;
                s.CaseInsensitiveEnumValues = true;
                s.AutoVersion = true;
            });
            var parsed = parser.ParseArguments(args.Select(SpellOneLetterOptions), Verbs);
            return parsed.MapResult(
                (IVerb verb) => RunVerb(verb, error),
                errors => errors.All(e => e.Tag is ErrorType.HelpRequestedError or ErrorType.HelpVerbRequestedError
                                          or ErrorType.VersionRequestedError) ? 0 : 2);
        }

        /// <summary>
        /// CommandLineParser refuses one-letter long names, yet `--k 20` is how LID papers and our docs write the
        /// neighbour count: accept it as the short option -k.
        /// </summary>
        static string SpellOneLetterOptions(string arg) =>
            arg == "--k" ? "-k" : arg.StartsWith("--k=", StringComparison.Ordinal) ? "-k" + arg[4..] : arg;

        static int RunVerb(IVerb verb, TextWriter error)
        {
            try
            {
                return verb.Run();
            }
            catch (NasLidException e)
            {
                error.WriteLine($"naslid: error: {e.Message}");
                return 1;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"naslid: error: {e.Message}");
                return 1;
            }
        }
    }
}
