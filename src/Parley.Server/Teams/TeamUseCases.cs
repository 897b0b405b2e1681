using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Teams;

public sealed record TeamSummary(Guid Id, string Name, int MemberCount, DateTime CreatedAt);

public sealed record TeamResponse(Guid Id, string Name, DateTime CreatedAt, IReadOnlyList<TeamResponse.Member> Members)
{
    public sealed record Member(Guid UserId, string Name, string Email, DateTime AddedAt);
}

public sealed class ListTeams(ParleyDbContext db) : IHandler
{
    public async Task<Results<Ok<Page<TeamSummary>>, ValidationProblem>> Handle(string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var page = PageRequest.Parse(cursor, limit, validation);
        if (!validation.IsValid)
            return validation.ToProblem();

        var query = db.Teams.AsNoTracking();
        if (page.After is { } after)
            query = query.Where(t => string.Compare(t.Name, after) > 0);
        var rows = await query.OrderBy(t => t.Name).Take(page.Limit + 1)
            .Select(t => new TeamSummary(t.Id, t.Name, t.Members.Count, t.CreatedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPage(rows, t => t.Name));
    }
}

public sealed class GetTeam(ParleyDbContext db) : IHandler
{
    public async Task<Results<Ok<TeamResponse>, ProblemHttpResult>> Handle(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) is { } team ? TypedResults.Ok(team) : Problem.NotFound("The team");

    internal async Task<TeamResponse?> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var team = await db.Teams.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (team is null)
            return null;
        var members = await db.TeamMembers.AsNoTracking().Where(m => m.TeamId == id)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.AddedAt, User = u })
            .OrderBy(m => m.User.Name)
            .Select(m => new TeamResponse.Member(m.User.Id, m.User.Name, m.User.Email, m.AddedAt))
            .ToListAsync(cancellationToken);
        return new TeamResponse(team.Id, team.Name, team.CreatedAt, members);
    }
}

public sealed class CreateTeam(ParleyDbContext db, TimeProvider clock) : IHandler
{
    public sealed record Request(string? Name);

    public async Task<Results<Created<TeamResponse>, ValidationProblem, ProblemHttpResult>> Handle(Request request, CancellationToken cancellationToken)
    {
        var validation = new Validation().Required("name", request.Name, 100);
        if (!validation.IsValid)
            return validation.ToProblem();
        var name = request.Name!.Trim();
        if (await db.Teams.AnyAsync(t => t.Name == name, cancellationToken))
            return Problem.Conflict("A team with this name already exists.");

        var team = new Team(Ids.New(clock), name, clock.GetUtcNow().UtcDateTime);
        db.Teams.Add(team);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/teams/{team.Id}", new TeamResponse(team.Id, team.Name, team.CreatedAt, []));
    }
}

public sealed class RenameTeam(ParleyDbContext db, GetTeam get) : IHandler
{
    public sealed record Request(string? Name);

    public async Task<Results<Ok<TeamResponse>, ProblemHttpResult, ValidationProblem>> Handle(Guid id, Request request, CancellationToken cancellationToken)
    {
        var team = await db.Teams.SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (team is null)
            return Problem.NotFound("The team");
        var validation = new Validation().Required("name", request.Name, 100);
        if (!validation.IsValid)
            return validation.ToProblem();
        var name = request.Name!.Trim();
        if (await db.Teams.AnyAsync(t => t.Name == name && t.Id != id, cancellationToken))
            return Problem.Conflict("A team with this name already exists.");

        team.Rename(name);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok((await get.LoadAsync(id, cancellationToken))!);
    }
}

public sealed class DeleteTeam(ParleyDbContext db) : IHandler
{
    public async Task<Results<NoContent, ProblemHttpResult>> Handle(Guid id, CancellationToken cancellationToken)
    {
        var team = await db.Teams.SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (team is null)
            return Problem.NotFound("The team");
        db.Teams.Remove(team);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}

/// <summary>Adds a user to a team (idempotent) or removes them.</summary>
public sealed class ChangeTeamMembership(ParleyDbContext db, GetTeam get, TimeProvider clock) : IHandler
{
    public async Task<Results<Ok<TeamResponse>, ProblemHttpResult>> Add(Guid teamId, Guid userId, CancellationToken cancellationToken)
    {
        var team = await db.Teams.Include(t => t.Members).SingleOrDefaultAsync(t => t.Id == teamId, cancellationToken);
        if (team is null)
            return Problem.NotFound("The team");
        if (!await db.Users.AnyAsync(u => u.Id == userId, cancellationToken))
            return Problem.NotFound("The user");
        if (team.AddMember(userId, clock.GetUtcNow().UtcDateTime))
            await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok((await get.LoadAsync(teamId, cancellationToken))!);
    }

    public async Task<Results<NoContent, ProblemHttpResult>> Remove(Guid teamId, Guid userId, CancellationToken cancellationToken)
    {
        var team = await db.Teams.Include(t => t.Members).SingleOrDefaultAsync(t => t.Id == teamId, cancellationToken);
        if (team is null)
            return Problem.NotFound("The team");
        if (!team.RemoveMember(userId))
            return Problem.NotFound("The member");
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
