// The join QR code, drawn in the browser (uqr) as one SVG path that scales to any screen.
import { useMemo } from "preact/hooks";
import { encode } from "uqr";

export function QrCode({ text, label }: { text: string; label: string }) {
  const { d, size } = useMemo(() => {
    const qr = encode(text, { border: 2, ecc: "M" });
    let d = "";
    qr.data.forEach((row, y) => row.forEach((on, x) => on && (d += `M${x} ${y}h1v1h-1z`)));
    return { d, size: qr.size };
  }, [text]);
  return (
    <svg class="qr" viewBox={`0 0 ${size} ${size}`} role="img" aria-label={label} shape-rendering="crispEdges">
      <rect width={size} height={size} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
