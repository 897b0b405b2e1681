using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Audit;

/// <summary>DELETE /api/v1/audit/activity: removes the records given by id, or every record in [from, to).</summary>
public sealed class DeleteActivity(ParleyDbContext db) : IHandler
{
    public const int MaxIds = 1000;

    public sealed record Request(IReadOnlyList<Guid>? Ids, DateTimeOffset? From, DateTimeOffset? To);

    public sealed record Response(int Deleted);

    public async Task<Results<Ok<Response>, ValidationProblem>> Handle(Request request, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var byRange = request.From is not null || request.To is not null;
        if (request.Ids is not null && byRange)
            validation.Add("ids", "Give either 'ids' or 'from' and 'to', not both.");
        else if (request.Ids is null && !byRange)
            validation.Add("ids", "Give either 'ids' or 'from' and 'to'.");
        else if (request.Ids is { Count: > MaxIds })
            validation.Add("ids", $"'ids' may hold at most {MaxIds} ids.");
        else if (byRange)
        {
            if (request.From is null)
                validation.Add("from", "'from' is required with 'to'.");
            if (request.To is null)
                validation.Add("to", "'to' is required with 'from'.");
            if (request.From > request.To)
                validation.Add("to", "'to' must not be before 'from'.");
        }
        if (!validation.IsValid)
            return validation.ToProblem();

        var records = db.ActivityRecords.AsQueryable();
        if (request.Ids is { } ids)
        {
            var distinct = ids.Distinct().ToList();
            records = records.Where(r => distinct.Contains(r.Id));
        }
        else
        {
            var from = request.From!.Value.UtcDateTime;
            var to = request.To!.Value.UtcDateTime;
            records = records.Where(r => r.CreatedAt >= from && r.CreatedAt < to);
        }
        return TypedResults.Ok(new Response(await records.ExecuteDeleteAsync(cancellationToken)));
    }
}
