export function Skeleton({ width, height = 12, radius = 4 }: { width?: number | string; height?: number; radius?: number }) {
  return <span className="skeleton" aria-hidden="true" style={{ width, height, borderRadius: radius }} />;
}
