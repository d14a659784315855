import { definePolicy } from './policy';

/**
 * The default access policy (phân quyền mặc định), in force from 01/07/2025:
 * the roles of a one-stop office (NĐ 61/2018 Đ8–12, Đ15–20; NĐ 118/2025) and
 * what each may do, scoped to its unit. Provinces assign roles differently:
 * start from this one with `extendPolicy`, or write their own with
 * `definePolicy`. `docs/security.md` has the table.
 *
 * @example
 * ```ts
 * DEFAULT_POLICY_2025.roles.map((r) => r.name); // ['applicant', 'receivingOfficer', 'specialist', 'divisionHead', 'leader', 'partner', 'admin', 'auditor']
 * ```
 */
export const DEFAULT_POLICY_2025 = definePolicy({
  id: 'default-2025',
  validFrom: '2025-07-01',
  roles: [
    { name: 'applicant', label: 'Tổ chức, cá nhân nộp hồ sơ (người nộp)' },
    { name: 'receivingOfficer', label: 'Công chức tiếp nhận tại Bộ phận Một cửa' },
    { name: 'specialist', label: 'Chuyên viên thụ lý của cơ quan giải quyết' },
    { name: 'divisionHead', label: 'Lãnh đạo phòng chuyên môn' },
    { name: 'leader', label: 'Lãnh đạo cơ quan có thẩm quyền (người ký)' },
    { name: 'partner', label: 'Cơ quan phối hợp' },
    { name: 'admin', label: 'Quản trị hệ thống' },
    { name: 'auditor', label: 'Thanh tra, kiểm tra (chỉ đọc)' },
  ],
  rules: [
    {
      roles: ['applicant'],
      commands: ['SubmitOnline', 'ProvideIntakeSupplement', 'ProvideSupplement', 'AmendDossier', 'RequestWithdrawal', 'Rate', 'FilePetition'],
      scope: 'applicant',
      note: 'the applicant submits, supplements, amends (NĐ 118/2025 Đ21), withdraws, rates and petitions on its own dossiers only',
    },
    {
      roles: ['applicant'],
      commands: ['ReportResultError'],
      scope: 'applicant',
      when: { reportedBy: ['applicant'] },
      note: 'NĐ 61/2018 Đ21, NĐ 118/2025 Đ23.1: the applicant reports an error in the result of its own dossier as the applicant; an error the agency finds itself is reported by an officer',
    },
    {
      roles: ['applicant'],
      commands: ['RecordFeePayment'],
      scope: 'applicant',
      when: { method: ['online'] },
      note: 'NĐ 61 Đ22, NĐ 118 Đ24: the applicant records only an online payment (the payment gateway confirms it through the portal); a payment at the counter or by post is received and recorded by the one-stop officer',
    },
    {
      roles: ['receivingOfficer'],
      commands: [
        'ReceiveDossier',
        'HandleInstantly',
        'RequestIntakeSupplement',
        'ProvideIntakeSupplement',
        'RefuseReception',
        'TransferDossier',
        'ProvideSupplement',
        'RecordFeePayment',
        'CloseDossier',
        'NotifyEarlyReturn',
        'ReturnResult',
        'ReportResultError',
        'RecordPortalSync',
      ],
      scope: 'receivingUnit',
      note: 'NĐ 61 Đ15–20, NĐ 118 Đ19.5: reception, transfer, return and closing at the one-stop unit that received the dossier',
    },
    {
      roles: ['specialist'],
      commands: [
        'RecordVerification',
        'RequestConsultation',
        'RequestSupplement',
        'RequestFee',
        'StartInterAgency',
        'StopProcessing',
        'Resolve',
        'RefuseResolution',
        'NotifyEarlyReturn',
        'ReportResultError',
        'CorrectResult',
        'RecordPortalSync',
      ],
      scope: 'handlingAgency',
      note: 'the specialist of the handling agency appraises and records the signed result',
    },
    {
      roles: ['divisionHead'],
      commands: ['AssignOfficer', 'RequestConsultation', 'RequestSupplement', 'StartInterAgency'],
      scope: 'handlingAgency',
      note: 'the head of division assigns and reassigns within the handling agency',
    },
    {
      roles: ['leader'],
      commands: ['AssignOfficer', 'Resolve', 'RefuseResolution', 'IssueApology', 'StopProcessing', 'CorrectResult', 'AnswerPetition'],
      scope: 'handlingAgency',
      note: 'the competent leader signs the result or the refusal and the apology letter (Form 04)',
    },
    {
      roles: ['specialist', 'divisionHead', 'leader'],
      commands: ['ForwardStep'],
      scope: 'currentStep',
      note: 'internal steps (domain §12.2): the specialist forwards the draft, the head of division the review, the leader signs — each only on the step of its role, and once assigned only the assignee',
    },
    {
      roles: ['divisionHead', 'leader'],
      commands: ['ReturnForRework'],
      scope: 'currentStep',
      note: 'the reviewer (head of division) or the leader sends a draft back for rework from the step it holds',
    },
    {
      roles: ['partner', 'specialist'],
      commands: ['CompleteLeg', 'AnswerConsultation'],
      scope: 'ownLeg',
      note: "an inter-agency partner completes only its own agency's leg and answers only consultations sent to it",
    },
    {
      roles: ['divisionHead', 'leader'],
      commands: ['CorrectEvent'],
      scope: 'handlingAgency',
      note: 'a correction of a recorded time is approved by a head of division or the leader of the handling agency',
    },
    {
      roles: ['leader'],
      commands: ['CorrectEvent'],
      scope: 'receivingUnit',
      note: 'or by the head of the one-stop unit that received the dossier (a wrong time of return at the counter)',
    },
    {
      roles: ['admin'],
      commands: ['CorrectEvent'],
      scope: 'any',
      note: 'or by an administrator, e.g. after an import',
    },
    {
      roles: ['admin'],
      commands: ['RecordPortalSync'],
      scope: 'any',
      note: 'the synchronisation job with the national portal runs as an administrator',
    },
  ],
});
