/**
 * How the command fails, by exit code: a usage error (2: the command line is wrong; the message ends by pointing at
 * --help), an answer error (1: the question names something that is not there, or the data is invalid), anything else
 * (3: the server could not be reached or failed). Each carries one line, already in the command's language.
 */
export class UsageError extends Error {}
export class AnswerError extends Error {}
