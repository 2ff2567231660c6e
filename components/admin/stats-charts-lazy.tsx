"use client";

// The charts pull in recharts (~100 KiB gz): the overview's figures and tables render and
// hydrate without it, and the charts follow as soon as their chunk arrives.
import dynamic from "next/dynamic";
import { Skeleton } from "@/components/ui/skeleton";

const loading = () => <Skeleton className="h-[260px] w-full" />;

export const SessionsPerDayChart = dynamic(() => import("./stats-charts").then((m) => m.SessionsPerDayChart), { ssr: false, loading });
export const RevenuePerDayChart = dynamic(() => import("./stats-charts").then((m) => m.RevenuePerDayChart), { ssr: false, loading });
export const IssuesChart = dynamic(() => import("./stats-charts").then((m) => m.IssuesChart), { ssr: false, loading });
