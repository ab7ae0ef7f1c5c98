export default function run(x: number): number { return x + 1; }
