using System.Data.Common;
using System.Globalization;
using System.Text;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Privacy;

/// <summary>
/// Looks for personal data everywhere Parley could keep it: every column of every row of every
/// table (the tables read from the database's own catalogue, so a table added later is scanned
/// without anyone listing it), every byte of every file under the data folder (the SQLite file and
/// its WAL, attachment files, anything else), and the captured log. Each hit names where it is.
/// </summary>
internal static class ErasureScan
{
    public static async Task<List<string>> FindAsync(ParleyApp app, CapturedLog log, params string[] needles)
    {
        var hits = new List<string>();
        await ScanTablesAsync(app, needles, hits);
        ScanFiles(app.DataDirectory, needles, hits);
        foreach (var entry in log.Entries)
            hits.AddRange(needles.Where(n => entry.Contains(n, StringComparison.OrdinalIgnoreCase)).Select(n => $"log: '{n}' in {entry}"));
        return hits;
    }

    private static async Task ScanTablesAsync(ParleyApp app, string[] needles, List<string> hits)
    {
        await using var connection = app.OpenConnection();
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = app.Provider == Db.Postgres
                ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
                : "SELECT name FROM sqlite_master WHERE type = 'table'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                tables.Add(reader.GetString(0));
        }
        tables.Count.ShouldBeGreaterThan(10);
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var text = AsText(reader, i);
                    hits.AddRange(needles.Where(n => text.Contains(n, StringComparison.OrdinalIgnoreCase)).Select(n => $"{table}.{reader.GetName(i)}: '{n}'"));
                }
            }
        }
    }

    private static string AsText(DbDataReader reader, int column) => reader.IsDBNull(column)
        ? ""
        : reader.GetValue(column) switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            IFormattable value => value.ToString(null, CultureInfo.InvariantCulture),
            var value => value.ToString() ?? "",
        };

    private static void ScanFiles(string folder, string[] needles, List<string> hits)
    {
        foreach (var path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            byte[] content;
            using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                content = new byte[file.Length];
                file.ReadExactly(content);
            }
            foreach (var needle in needles)
            {
                // SQLite keeps text as UTF-8; UTF-16 too, in case anything writes it that way.
                if (content.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0 || content.AsSpan().IndexOf(Encoding.Unicode.GetBytes(needle)) >= 0)
                    hits.Add($"file {Path.GetRelativePath(folder, path)}: '{needle}'");
            }
        }
    }
}
