// Realistic message texts for synthetic worlds: work chatter (deadline, project, meeting, launch,
// budget, report...) mixed with everyday messages. Deterministic for a given Prng.
import type { Prng } from "./prng.js";

export const PROJECTS = ["Phoenix", "Atlas", "Orion", "Nova", "Helios", "Zephyr", "Aurora", "Titan"];
const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "next week", "tomorrow", "today"];
const TIMES = ["9am", "10:30", "noon", "2pm", "3pm", "4:30pm", "after lunch", "end of day"];
const DOCS = ["report", "budget", "proposal", "roadmap", "presentation", "contract", "invoice", "spec", "estimate"];
const TEAMS = ["design", "marketing", "sales", "engineering", "QA", "finance", "legal", "support"];
const FOODS = ["pizza", "sushi", "tacos", "ramen", "salad", "burgers", "coffee"];
const PLACES = ["the office", "the cafe downstairs", "the park", "home", "the airport", "the gym"];

const WORK: Array<(r: Prng) => string> = [
  (r) => `The ${r.pick(PROJECTS)} deadline moved to ${r.pick(DAYS)}, please update the plan`,
  (r) => `Can we move the ${r.pick(TEAMS)} meeting to ${r.pick(TIMES)}?`,
  (r) => `Meeting notes from ${r.pick(DAYS)}: we agreed on the ${r.pick(DOCS)} for project ${r.pick(PROJECTS)}`,
  (r) => `Reminder: the ${r.pick(DOCS)} for ${r.pick(PROJECTS)} is due ${r.pick(DAYS)}`,
  (r) => `Launch checklist for ${r.pick(PROJECTS)} is ready, who can review it?`,
  (r) => `Budget review at ${r.pick(TIMES)}, bring the numbers from ${r.pick(TEAMS)}`,
  () => `I sent the quarterly report to the client, waiting for feedback`,
  (r) => `Project ${r.pick(PROJECTS)} status: on track, next milestone ${r.pick(DAYS)}`,
  (r) => `We need to cut the budget by ${r.int(5, 30)}% before the launch`,
  (r) => `Is the ${r.pick(TEAMS)} team ready for the ${r.pick(PROJECTS)} launch?`,
  (r) => `Draft of the ${r.pick(DOCS)} is in the shared folder, comments welcome`,
  () => `The deadline is tight but doable if we skip the extra review round`,
  (r) => `Sprint planning ${r.pick(DAYS)} at ${r.pick(TIMES)}, agenda in the doc`,
  (r) => `Client call went well, they want the ${r.pick(DOCS)} by ${r.pick(DAYS)}`,
  (r) => `Release candidate for ${r.pick(PROJECTS)} is deployed to staging`,
  (r) => `Who owns the ${r.pick(DOCS)}? The deadline is ${r.pick(DAYS)}`,
  () => `Let's sync on the roadmap before the board meeting`,
  () => `Great job on the launch everyone! Metrics look good`,
  (r) => `Can you send me the latest ${r.pick(DOCS)}? Need it for the meeting at ${r.pick(TIMES)}`,
  (r) => `Invoice #${r.int(1000, 9999)} is approved, finance will pay ${r.pick(DAYS)}`,
  (r) => `Postponing the ${r.pick(PROJECTS)} demo, the build is not stable yet`,
  (r) => `Hiring update: two candidates for the ${r.pick(TEAMS)} role this week`,
  (r) => `Weekly report: ${r.int(3, 12)} tasks done, ${r.int(1, 6)} blocked, deadline risk is low`,
  (r) => `The project kickoff meeting is confirmed for ${r.pick(DAYS)} at ${r.pick(TIMES)}`,
  (r) => `Project deadline for ${r.pick(PROJECTS)} is ${r.pick(DAYS)}, no more scope changes`,
];

const CASUAL: Array<(r: Prng) => string> = [
  (r) => `Lunch ${r.pick(DAYS)}? I'm thinking ${r.pick(FOODS)}`,
  () => `Thanks, that helps a lot!`,
  () => `Sounds good 👍`,
  (r) => `On my way to ${r.pick(PLACES)}`,
  () => `Call me when you're free`,
  () => `Happy birthday! 🎉 Have a great one`,
  () => `Did you see the game last night?`,
  (r) => `Running ${r.int(5, 20)} minutes late, sorry`,
  () => `Haha, that's hilarious 😂`,
  (r) => `Let's grab ${r.pick(FOODS)} after work`,
  () => `Good morning! ☀️`,
  () => `Can you recommend a good book for the weekend?`,
  (r) => `I'll be at ${r.pick(PLACES)} around ${r.pick(TIMES)}`,
  () => `The weather is amazing today`,
  () => `Ok, see you then`,
  () => `Welcome to the group!`,
  () => `Photos from the trip are in the album`,
  () => `Thank you so much for your help yesterday`,
];

const NEWS: Array<(r: Prng) => string> = [
  (r) => `Announcement: project ${r.pick(PROJECTS)} launch is scheduled for ${r.pick(DAYS)}`,
  (r) => `New release: version ${r.int(1, 9)}.${r.int(0, 20)} is out with ${r.int(3, 40)} fixes`,
  () => `Quarterly report published: revenue up, costs down`,
  (r) => `Weekly digest: ${r.int(3, 15)} stories about remote work, AI and budgets`,
  (r) => `Event reminder: community meetup ${r.pick(DAYS)} at ${r.pick(TIMES)}`,
  () => `Tip of the day: pin important messages so everyone sees the deadline`,
  (r) => `Update: the ${r.pick(TEAMS)} team shares its roadmap for next quarter`,
  () => `Breaking: markets react to the new budget proposal`,
  () => `How we cut meeting time in half: a short report`,
  (r) => `Poll results: ${r.int(40, 90)}% of readers prefer async meetings`,
];

export type TextKind = "work" | "casual" | "news";

export function sentence(r: Prng, kind: TextKind): string {
  if (kind === "news") return r.pick(NEWS)(r);
  if (kind === "casual") return r.pick(CASUAL)(r);
  return r.pick(WORK)(r);
}

/** A chat message: mostly work in work chats, mostly casual in private ones. */
export function chatText(r: Prng, workShare: number): string {
  return sentence(r, r.chance(workShare) ? "work" : "casual");
}

export const FILES: Array<{ name: string; mime: string; min: number; max: number }> = [
  { name: "Q3_report.pdf", mime: "application/pdf", min: 120_000, max: 2_400_000 },
  { name: "budget_2026.xlsx", mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", min: 40_000, max: 600_000 },
  { name: "project_plan.docx", mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", min: 30_000, max: 400_000 },
  { name: "launch_deck.pptx", mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation", min: 800_000, max: 9_000_000 },
  { name: "design_mockups.zip", mime: "application/zip", min: 2_000_000, max: 30_000_000 },
  { name: "meeting_notes.txt", mime: "text/plain", min: 800, max: 12_000 },
  { name: "contract_signed.pdf", mime: "application/pdf", min: 90_000, max: 900_000 },
];
