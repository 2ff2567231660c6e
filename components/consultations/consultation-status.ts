export const CONSULTATION_STATUS_LABEL: Record<string, string> = {
  SCHEDULED: "Scheduled",
  WAITING: "Patient waiting",
  IN_PROGRESS: "In progress",
  COMPLETED: "Completed",
  CANCELLED: "Cancelled",
  NO_SHOW: "No-show",
};

export const isFinished = (status: string) => status === "COMPLETED" || status === "NO_SHOW" || status === "CANCELLED";
