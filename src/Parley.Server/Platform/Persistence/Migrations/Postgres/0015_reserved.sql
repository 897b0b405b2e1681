-- 0015 belongs to another branch of issue 9. This empty script only keeps the numbering gapless on
-- the demo branch so 0017 applies; delete it when the branch that owns 0015 is merged.
SELECT 1;
