// The 1EdTech LTI 1.3 claim names and the zod shape of the id_token claims QuickQuiz reads
// (LTI Core 1.3 §5.3, Deep Linking 2.0 §4.4, AGS 2.0 §3.1, NRPS 2.0 §3.6).
import { z } from "zod";

export const LTI = "https://purl.imsglobal.org/spec/lti/claim/";
export const DL = "https://purl.imsglobal.org/spec/lti-dl/claim/";
export const AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint";
export const NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice";

export const MESSAGE_TYPES = ["LtiResourceLinkRequest", "LtiDeepLinkingRequest"] as const;

export const launchClaims = z
  .object({
    sub: z.string().min(1).max(255),
    name: z.string().max(200).optional(),
    given_name: z.string().max(200).optional(),
    family_name: z.string().max(200).optional(),
    [`${LTI}message_type`]: z.enum(MESSAGE_TYPES),
    [`${LTI}version`]: z.literal("1.3.0"),
    [`${LTI}deployment_id`]: z.string().min(1).max(255),
    [`${LTI}roles`]: z.array(z.string()),
    [`${LTI}target_link_uri`]: z.string().optional(),
    [`${LTI}resource_link`]: z.object({ id: z.string() }).loose().optional(),
    [`${LTI}context`]: z.object({ id: z.string(), title: z.string().optional() }).loose().optional(),
    [`${LTI}custom`]: z.record(z.string(), z.unknown()).optional(),
    [`${DL}deep_linking_settings`]: z
      .object({
        deep_link_return_url: z.url(),
        accept_types: z.array(z.string()),
        data: z.string().optional(),
      })
      .loose()
      .optional(),
    [AGS_CLAIM]: z
      .object({ scope: z.array(z.string()), lineitem: z.url().optional(), lineitems: z.url().optional() })
      .loose()
      .optional(),
    [NRPS_CLAIM]: z.object({ context_memberships_url: z.url() }).loose().optional(),
  })
  .loose();
export type LaunchClaims = z.infer<typeof launchClaims>;

const TEACHER_ROLES = [
  "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor",
  "http://purl.imsglobal.org/vocab/lis/v2/membership#ContentDeveloper",
  "http://purl.imsglobal.org/vocab/lis/v2/membership#Administrator",
  "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator",
  "http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator",
  // Sub-roles (…membership/Instructor#TeachingAssistant) count as their principal role.
  "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#",
  // The short forms LTI 1.3 still allows for context roles.
  "Instructor",
];

/** Instructors, content developers and administrators teach; everyone else (Learner, Mentor…) is a student. */
export function roleOf(roles: readonly string[]): "teacher" | "student" {
  return roles.some((r) => TEACHER_ROLES.some((t) => (t.endsWith("#") ? r.startsWith(t) : r === t)))
    ? "teacher"
    : "student";
}

export function displayName(c: LaunchClaims): string {
  const full = c.name?.trim() || [c.given_name, c.family_name].filter(Boolean).join(" ").trim();
  return (full || "Student").slice(0, 60);
}
