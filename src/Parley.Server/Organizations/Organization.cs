namespace Parley.Organizations;

public sealed class Organization
{
    private Organization() { }

    public Organization(Guid id, string name, DateTime createdAt)
    {
        Id = id;
        Name = name;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public string TimeZone { get; private set; } = "UTC";
    public DateTime CreatedAt { get; private set; }
}
