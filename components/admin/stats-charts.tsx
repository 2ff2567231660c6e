"use client";

import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const axis = { fontSize: 12, stroke: "var(--muted-foreground)" };

export function SessionsPerDayChart({ data }: { data: { day: string; total: number; completed: number }[] }) {
  return (
    <ResponsiveContainer width="100%" height={260}>
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="day" tick={axis} tickFormatter={(d: string) => d.slice(5)} />
        <YAxis allowDecimals={false} tick={axis} />
        <Tooltip />
        <Legend />
        <Bar dataKey="total" name="Sessions" fill="var(--chart-1)" isAnimationActive={false} />
        <Bar dataKey="completed" name="Completed" fill="var(--chart-4)" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

export function RevenuePerDayChart({ data, currencies }: { data: Record<string, string | number>[]; currencies: string[] }) {
  const colors = ["var(--chart-1)", "var(--chart-2)", "var(--chart-3)", "var(--chart-5)"];
  return (
    <ResponsiveContainer width="100%" height={260}>
      <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="day" tick={axis} tickFormatter={(d: string) => d.slice(5)} />
        <YAxis tick={axis} />
        <Tooltip formatter={(v) => Number(v).toFixed(2)} />
        <Legend />
        {currencies.map((c, i) => (
          <Line key={c} type="monotone" dataKey={c} name={c} stroke={colors[i % colors.length]} dot isAnimationActive={false} />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}

export function IssuesChart({ data }: { data: { category: string; count: number }[] }) {
  return (
    <ResponsiveContainer width="100%" height={220}>
      <BarChart data={data} layout="vertical" margin={{ top: 8, right: 8, bottom: 0, left: 16 }}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" allowDecimals={false} tick={axis} />
        <YAxis type="category" dataKey="category" tick={axis} />
        <Tooltip />
        <Bar dataKey="count" name="Reports" fill="var(--chart-3)" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
